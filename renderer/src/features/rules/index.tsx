import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Route, Routes, useParams } from 'react-router';
import { formatInstantGb } from '../../../../shared/dates';
import {
  RULE_SET_KINDS,
  suggestNextVersion,
  type RuleSetKind,
  type RuleSetKindSummary,
  type RuleSetSummary,
  type RuleSetVersionView,
} from '../../../../shared/domain/rule-sets';
import { api, ApiError } from '../../api/client';
import { FormError } from '../../app/FormError';
import { useSession } from '../../app/session';
import { BodyView, describePath, diffBodies } from './BodyView';
import { NewVersionForm } from './NewVersionForm';
import { Proposals } from './Proposals';

/**
 * Settings › Clinical rule sets, mounted at /rules/*: every clinical default with its name, version and
 * source (visible to everyone signed in); history with what changed; new versions, the default set and
 * "restore shipped version" for administrators.
 */
export function RulesModule() {
  return (
    <Routes>
      <Route index element={<RuleSetList />} />
      <Route path=":kind/:setKey" element={<RuleSetPage />} />
    </Routes>
  );
}

function SetBadges({ set }: { set: Pick<RuleSetSummary, 'isDefault' | 'example' | 'shipped'> }) {
  return (
    <>
      {set.isDefault && (
        <Badge color="brand.8" size="sm">
          Default
        </Badge>
      )}
      {set.example && (
        <Badge color="#8f3b00" size="sm">
          Example
        </Badge>
      )}
      {set.shipped && (
        <Badge color="dark.7" size="sm" variant="outline">
          As shipped
        </Badge>
      )}
    </>
  );
}

function savedText(s: { savedAt: string | null; savedBy: string | null }): string {
  if (!s.savedAt) return 'Shipped with the app';
  return `${s.savedBy ?? 'Unknown'}, ${formatInstantGb(s.savedAt)}`;
}

function RuleSetList() {
  const list = useQuery({ queryKey: ['rules:list'], queryFn: () => api.call('rules:list', {}) });
  if (list.isPending) return <Loader aria-label="Loading rule sets" />;
  if (list.error) return <Alert color="red">{list.error.message}</Alert>;
  const areas = [...new Set(list.data.map((k) => k.area))];
  return (
    <Stack>
      <Proposals />
      <Paper p="md" withBorder>
        <Title order={1} size="h2">
          Clinical rule sets
        </Title>
        <Text size="sm" c="dimmed" maw={900}>
          Every clinical default the app computes with, its version and where it comes from. Every result
          records the rule set and version that produced it. A change is proposed (with a reason) and takes
          effect only when a clinical lead approves it; versions are never changed or deleted.
        </Text>
      </Paper>
      {areas.map((area) => (
        <Paper key={area} p="md" withBorder>
          <Title order={2} size="h3" mb="xs">
            {area}
          </Title>
          <Table striped fz="sm" verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Rules</Table.Th>
                <Table.Th scope="col">Set</Table.Th>
                <Table.Th scope="col">Version</Table.Th>
                <Table.Th scope="col">Source</Table.Th>
                <Table.Th scope="col">Saved</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data
                .filter((k) => k.area === area)
                .flatMap((k) =>
                  k.sets.map((s, i) => (
                    <Table.Tr key={`${k.kind}/${s.setKey}`}>
                      <Table.Td>{i === 0 ? <Text fw={600}>{k.label}</Text> : null}</Table.Td>
                      <Table.Td>
                        <Group gap={6}>
                          <Anchor component={Link} to={`/rules/${k.kind}/${s.setKey}`}>
                            {s.name}
                          </Anchor>
                          <SetBadges set={{ ...s, isDefault: s.isDefault && k.multipleSets }} />
                        </Group>
                      </Table.Td>
                      <Table.Td>{s.version}</Table.Td>
                      <Table.Td maw={420}>
                        <Text size="xs" lineClamp={2}>
                          {s.source}
                        </Text>
                      </Table.Td>
                      <Table.Td>{savedText(s)}</Table.Td>
                    </Table.Tr>
                  )),
                )}
            </Table.Tbody>
          </Table>
        </Paper>
      ))}
    </Stack>
  );
}

function isKind(v: string | undefined): v is RuleSetKind {
  return (RULE_SET_KINDS as readonly string[]).includes(v ?? '');
}

function RuleSetPage() {
  const params = useParams();
  const kindKey = params.kind;
  const setKey = params.setKey ?? '';
  const session = useSession();
  const [mode, setMode] = useState<'view' | 'new'>('view');
  const [selected, setSelected] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['rules:list'], queryFn: () => api.call('rules:list', {}) });
  const history = useQuery({
    queryKey: ['rules:history', kindKey, setKey],
    queryFn: () => api.call('rules:history', { kind: kindKey as RuleSetKind, setKey }),
    enabled: isKind(kindKey),
  });
  if (!isKind(kindKey)) return <Alert color="red">There is no such kind of rule set.</Alert>;
  if (list.isPending || history.isPending) return <Loader aria-label="Loading" />;
  if (list.error || history.error) return <Alert color="red">{(list.error ?? history.error)?.message}</Alert>;
  const kind = list.data.find((k) => k.kind === kindKey)!;
  const set = kind.sets.find((s) => s.setKey === setKey);
  if (!set) return <Alert color="red">There is no such rule set.</Alert>;
  const versions = history.data;
  const current = versions[0]!;
  const shown = versions.find((v) => v.version === selected) ?? current;
  const canManage = session.can('rules.manage');
  return (
    <Stack>
      <Anchor component={Link} to="/rules" size="sm">
        ← All clinical rule sets
      </Anchor>
      <Paper p="md" withBorder>
        <Group justify="space-between" align="flex-start">
          <div>
            <Text size="sm" c="dimmed">
              {kind.area} · {kind.label}
            </Text>
            <Title order={1} size="h2">
              {set.name}
            </Title>
            <Group gap={6} mt={4}>
              <Text fw={600} data-testid="current-version">
                Version {set.version}
              </Text>
              <SetBadges set={{ ...set, isDefault: set.isDefault && kind.multipleSets }} />
            </Group>
            <Text size="sm" mt="xs" maw={900}>
              <strong>Source:</strong> {set.source}
            </Text>
            <Text size="sm" c="dimmed">
              {savedText(set)}
              {set.reason ? ` — “${set.reason}”` : ''}
            </Text>
            <Text size="sm" c="dimmed" maw={900} mt={4}>
              {kind.description}
            </Text>
          </div>
          {canManage && mode === 'view' && (
            <Group>
              <Button onClick={() => setMode('new')}>New version</Button>
            </Group>
          )}
        </Group>
      </Paper>
      {canManage && mode === 'view' && (
        <AdminActions kind={kind} set={set} taken={versions.map((v) => v.version)} />
      )}
      {mode === 'new' ? (
        <NewVersionForm
          kind={kind}
          current={current}
          taken={versions.map((v) => v.version)}
          onDone={() => setMode('view')}
        />
      ) : (
        <>
          <Paper p="md" withBorder>
            <Title order={2} size="h3" mb="xs">
              {shown === current ? 'Current version' : `Version ${shown.version}`}
            </Title>
            <BodyView kind={kind.kind} body={shown.body} />
          </Paper>
          <History
            versions={versions}
            selected={shown.version}
            onSelect={setSelected}
            multipleSets={kind.multipleSets}
          />
        </>
      )}
    </Stack>
  );
}

function History({
  versions,
  selected,
  onSelect,
  multipleSets,
}: {
  versions: RuleSetVersionView[];
  selected: string;
  onSelect: (v: string) => void;
  multipleSets: boolean;
}) {
  const index = versions.findIndex((v) => v.version === selected);
  const shown = versions[index]!;
  const previous = versions[index + 1];
  const changes = previous ? diffBodies(previous.body, shown.body) : [];
  const headerChanges = previous ? (['name', 'source'] as const).filter((k) => previous[k] !== shown[k]) : [];
  return (
    <Paper p="md" withBorder>
      <Title order={2} size="h3" mb="xs">
        History
      </Title>
      <Table striped fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Version</Table.Th>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Saved</Table.Th>
            <Table.Th scope="col">Reason</Table.Th>
            <Table.Th scope="col">
              <VisuallyHidden>View</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.map((v) => (
            <Table.Tr key={v.version} {...(v.version === selected ? { bg: 'brand.0' } : {})}>
              <Table.Td>
                {v.version}
                {multipleSets && v.isDefault ? ' (default)' : ''}
              </Table.Td>
              <Table.Td>{v.name}</Table.Td>
              <Table.Td>{savedText(v)}</Table.Td>
              <Table.Td>{v.reason ?? '—'}</Table.Td>
              <Table.Td>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() => onSelect(v.version)}
                  aria-label={`View version ${v.version}`}
                  disabled={v.version === selected}
                >
                  View
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {previous && (
        <Stack gap={4} mt="md" aria-label="Changes from the previous version">
          <Title order={3} size="h4">
            Changes in {shown.version} since {previous.version}
          </Title>
          {headerChanges.map((k) => (
            <Text key={k} size="sm">
              {k === 'name' ? 'Name' : 'Source'}: <del>{previous[k]}</del> → <ins>{shown[k]}</ins>
            </Text>
          ))}
          {changes.length === 0 && headerChanges.length === 0 && (
            <Text size="sm" c="dimmed">
              No change to the rules (for example, only made the default).
            </Text>
          )}
          {changes.length > 0 && (
            <Table fz="sm" withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Where</Table.Th>
                  <Table.Th scope="col">Before</Table.Th>
                  <Table.Th scope="col">After</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {changes.slice(0, 200).map((c) => (
                  <Table.Tr key={c.path}>
                    <Table.Td>{describePath(shown.body, c.path) || c.path}</Table.Td>
                    <Table.Td>{c.before === null ? <em>added</em> : <del>{c.before}</del>}</Table.Td>
                    <Table.Td>{c.after === null ? <em>removed</em> : <ins>{c.after}</ins>}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
    </Paper>
  );
}

/** Make this set the default; restore the shipped version. Each saves a new version, with a reason. */
function AdminActions({
  kind,
  set,
  taken,
}: {
  kind: RuleSetKindSummary;
  set: RuleSetSummary;
  taken: string[];
}) {
  const queryClient = useQueryClient();
  const [action, setAction] = useState<'default' | 'restore' | null>(null);
  const [version, setVersion] = useState('');
  const [reason, setReason] = useState('');
  const run = useMutation({
    mutationFn: () => {
      const payload = { kind: kind.kind, setKey: set.setKey, version, reason };
      return action === 'default'
        ? api.call('rules:setDefault', payload)
        : api.call('rules:restoreShipped', payload);
    },
    onSuccess: async () => {
      setAction(null);
      await queryClient.invalidateQueries({ queryKey: ['rules:list'] });
      await queryClient.invalidateQueries({ queryKey: ['rules:history', kind.kind, set.setKey] });
    },
  });
  const fields = run.error instanceof ApiError ? (run.error.fields ?? {}) : {};
  const open = (a: 'default' | 'restore') => {
    setAction(a);
    setVersion(suggestNextVersion(set.version, taken));
    setReason('');
    run.reset();
  };
  const canDefault = kind.multipleSets && !set.isDefault;
  const canRestore = set.shippedVersion !== null && !set.shipped;
  if (!canDefault && !canRestore) return null;
  return (
    <Paper p="md" withBorder>
      <Group>
        {canDefault && (
          <Button variant="outline" onClick={() => open('default')}>
            Make this the default
          </Button>
        )}
        {canRestore && (
          <Button variant="outline" onClick={() => open('restore')}>
            Restore shipped version {set.shippedVersion}
          </Button>
        )}
      </Group>
      {action && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            run.mutate();
          }}
        >
          <Stack mt="md" maw={640}>
            <Text size="sm">
              {action === 'default'
                ? `Saves a new version of “${set.name}” marked as the default ${kind.label.toLowerCase()}.`
                : 'Saves a new version with the shipped name, source and rules.'}
            </Text>
            <TextInput
              label="New version"
              value={version}
              onChange={(e) => setVersion(e.currentTarget.value)}
              error={fields.version}
              required
            />
            <TextInput
              label="Reason (kept in the history)"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={fields.reason}
              required
            />
            <FormError message={run.error ? run.error.message : null} />
            <Group>
              <Button type="submit" loading={run.isPending}>
                Save
              </Button>
              <Button variant="subtle" onClick={() => setAction(null)}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Paper>
  );
}
