import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { formatDateGb, formatInstantGb } from '../../../../shared/dates';
import type { LetterView } from '../../../../shared/domain/mdt';
import { LETTER_MARKS } from '../../../../shared/domain/letter-marks';
import { api, ApiError } from '../../api/client';
import { PrintButton } from '../../app/PrintButton';
import { useSession } from '../../app/session';
import { useVirtualRows } from '../../app/VirtualTable';
import { PatientBannerFor } from '../patients/PatientBanner';
import { errorText, Loading } from './common';

export const PRINT_CSS = `
.mdt-print { max-width: 780px; margin: 0 auto; padding: 24px; background: white; color: #111; font-size: 15px; line-height: 1.5; position: relative; }
.mdt-print pre { white-space: pre-wrap; font-family: inherit; margin: 0; }
.mdt-print table { border-collapse: collapse; width: 100%; }
.mdt-print th, .mdt-print td { border: 1px solid #555; padding: 4px 6px; text-align: left; vertical-align: top; }
.mdt-letter-warning { border: 2px solid #7a1f1f; color: #5c1010; padding: 6px 10px; margin-bottom: 12px; font-weight: 600; }
.mdt-watermark { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; pointer-events: none; overflow: hidden; }
.mdt-watermark span::after { content: attr(data-text); }
.mdt-watermark span { transform: rotate(-30deg); font-size: 56px; font-weight: 700; color: rgba(122, 31, 31, 0.22); white-space: nowrap; border: 6px solid rgba(122, 31, 31, 0.22); padding: 8px 24px; }
@media print {
  @page { size: A4; margin: 18mm; }
  header, nav, .no-print, .mantine-AppShell-header, .mantine-AppShell-navbar { display: none !important; }
  .mantine-AppShell-main { padding: 0 !important; background: white !important; }
  .mdt-print { padding: 0; max-width: none; font-size: 11pt; }
  .mdt-watermark { position: fixed; }
}
`;

const AUDIENCE_LABELS = { gp: 'GP', referrer: 'Referrer', patient: 'Patient' } as const;
/** The PDF's name (no patient identifiers) per letter audience. */
const PRINT_DOCUMENT = { gp: 'GP letter', referrer: 'Referrer letter', patient: 'Patient letter' } as const;
const STATUS_LABELS = { ready: 'Ready to send', 'needs-attention': 'Needs attention', sent: 'Sent' } as const;
/** Said on screen and in print on a letter written from an example template not yet approved locally. */
export const UNAPPROVED_TEMPLATE_TEXT = LETTER_MARKS.unapprovedTemplate;
export const SUPERSEDED_TEXT = LETTER_MARKS.superseded;

/** The referring clinician's details, recorded for a referrer letter that cannot be addressed. */
function RecordReferrer({
  letter,
  onDone,
  onRefused,
}: {
  letter: LetterView;
  onDone: () => void;
  onRefused: () => void;
}) {
  const [v, setV] = useState({ name: '', role: '', organisation: '', address: '' });
  // The referrer as the list showed it when the form was opened (issue 19): a colleague's referrer recorded
  // since is not written over. Once refused, with theirs named, saving again is made against what is now shown.
  const [basedOn, setBasedOn] = useState<number | null>(letter.referrerVersion);
  const save = useMutation({
    mutationFn: () =>
      api.call('mdt:letter:setReferrer', {
        letterId: letter.id,
        version: basedOn ?? letter.referrerVersion,
        ...v,
      }),
    onSuccess: onDone,
    onError: (e) => {
      if (!(e instanceof ApiError) || e.code !== 'CONFLICT') return;
      setBasedOn(null);
      onRefused();
    },
  });
  const fields = (save.error as { fields?: Record<string, string> } | null)?.fields ?? {};
  return (
    <Paper withBorder p="sm" role="region" aria-label={`Record the referrer for ${letter.patientName}`}>
      <Stack gap="xs">
        <Text size="sm">Who referred {letter.patientName}? The letter is then written to them.</Text>
        <Group grow align="flex-start">
          <TextInput
            label="Referrer’s name"
            value={v.name}
            onChange={(e) => setV({ ...v, name: e.currentTarget.value })}
            error={fields.name}
          />
          <TextInput
            label="Referrer’s role"
            value={v.role}
            onChange={(e) => setV({ ...v, role: e.currentTarget.value })}
            error={fields.role}
          />
          <TextInput
            label="Referrer’s organisation"
            value={v.organisation}
            onChange={(e) => setV({ ...v, organisation: e.currentTarget.value })}
            error={fields.organisation}
          />
        </Group>
        <Textarea
          label="Referrer’s address"
          autosize
          minRows={2}
          value={v.address}
          onChange={(e) => setV({ ...v, address: e.currentTarget.value })}
          error={fields.address}
        />
        {save.error && !Object.keys(fields).length && (
          <Text c="red.9" role="alert">
            {errorText(save.error)}
          </Text>
        )}
        <Button w="fit-content" color="brand.8" onClick={() => save.mutate()} loading={save.isPending}>
          Save the referrer and write the letter
        </Button>
      </Stack>
    </Paper>
  );
}

export function MeetingLetters() {
  const { id } = useParams();
  const meetingId = Number(id);
  const session = useSession();
  const qc = useQueryClient();
  const [recording, setRecording] = useState<number | null>(null);
  const q = useQuery({
    queryKey: ['mdt:letters', meetingId],
    queryFn: () => api.call('mdt:letters:list', { meetingId }),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ['mdt:letters', meetingId] });
  const sent = useMutation({
    mutationFn: (letterId: number) => api.call('mdt:letter:markSent', { letterId }),
    onSuccess: refresh,
  });
  const regenerate = useMutation({
    mutationFn: (letterId: number) => api.call('mdt:letter:regenerate', { letterId }),
    onSuccess: refresh,
  });
  const [tbodyRef, virtualRows] = useVirtualRows(q.data ?? [], 5);
  if (!q.data) return <Loading error={q.error} />;
  return (
    <Stack>
      <Title order={2} size="h3">
        Letters from this meeting
      </Title>
      {q.data.length === 0 && <Text c="dimmed">No letters: no outcome was confirmed.</Text>}
      <Table aria-label="Letters">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Patient</Table.Th>
            <Table.Th>To</Table.Th>
            <Table.Th>Template</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody ref={tbodyRef}>
          {virtualRows((l) => {
            const label = `${AUDIENCE_LABELS[l.audience]} letter for ${l.patientName}`;
            return (
              <Table.Tr key={l.id}>
                <Table.Td>{l.patientName}</Table.Td>
                <Table.Td>
                  {AUDIENCE_LABELS[l.audience]}: {l.recipientName}
                </Table.Td>
                <Table.Td>
                  Version {l.templateVersion}
                  {!l.templateApproved && (
                    <Text size="xs" c="dark.9">
                      Example template, not yet approved by your service
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <Badge
                      variant="filled"
                      color={
                        l.status === 'needs-attention' ? 'red.9' : l.status === 'sent' ? 'teal.9' : 'brand.9'
                      }
                    >
                      {STATUS_LABELS[l.status]}
                    </Badge>
                    {l.supersededAt && (
                      <Badge variant="outline" color="dark">
                        {SUPERSEDED_TEXT} (since {formatDateGb(l.supersededAt.slice(0, 10))})
                      </Badge>
                    )}
                  </Group>
                  {l.amendReason && (
                    <Text size="xs" c="dark.9">
                      Amended (version {l.outcomeVersion}): {l.amendReason}
                    </Text>
                  )}
                  {l.problem && (
                    <Text size="xs" c="dark.9">
                      {l.problem}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Stack gap="xs">
                    <Group gap="xs">
                      {l.body && (
                        <Anchor component={Link} to={`/mdt/letters/${l.id}/print`}>
                          {l.supersededAt ? `Superseded ${label} (view only)` : `Print view: ${label}`}
                        </Anchor>
                      )}
                      {l.status === 'needs-attention' && !l.supersededAt && session.can('mdt.manage') && (
                        <Button
                          size="compact-sm"
                          variant="default"
                          color="brand.9"
                          aria-label={`Regenerate the ${label}`}
                          onClick={() => regenerate.mutate(l.id)}
                          loading={regenerate.isPending && regenerate.variables === l.id}
                        >
                          Regenerate
                        </Button>
                      )}
                      {l.audience === 'referrer' &&
                        l.status === 'needs-attention' &&
                        !l.supersededAt &&
                        session.can('mdt.manage') && (
                          <Button
                            size="compact-sm"
                            variant="default"
                            color="brand.9"
                            aria-label={`Record the referrer for ${l.patientName}`}
                            onClick={() => setRecording(recording === l.id ? null : l.id)}
                          >
                            Record the referrer
                          </Button>
                        )}
                      {l.status === 'ready' && !l.supersededAt && session.can('mdt.manage') && (
                        <Button
                          size="compact-sm"
                          variant="default"
                          color="brand.9"
                          aria-label={`Mark sent: the ${label}`}
                          onClick={() => sent.mutate(l.id)}
                        >
                          Mark sent
                        </Button>
                      )}
                    </Group>
                    {recording === l.id && (
                      <RecordReferrer
                        letter={l}
                        onDone={() => {
                          setRecording(null);
                          void refresh();
                        }}
                        onRefused={() => void refresh()}
                      />
                    )}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {(sent.error ?? regenerate.error) && <Text c="red.9">{errorText(sent.error ?? regenerate.error)}</Text>}
      <Text size="sm" c="dimmed">
        A letter that needs attention says what is missing: record it (for example the GP practice on the
        patient record, or who referred the patient), then the letter is written again. When an outcome is
        amended, its letters are kept as they were and marked superseded, and new letters are written from the
        amended version.
      </Text>
    </Stack>
  );
}

export function LetterPrint() {
  const { id } = useParams();
  const q = useQuery({
    queryKey: ['mdt:letter', Number(id)],
    queryFn: () => api.call('mdt:letter:get', { letterId: Number(id) }),
  });
  if (!q.data) return <Loading error={q.error} />;
  const l = q.data;
  const superseded = l.supersededAt !== null;
  return (
    <>
      <style>{PRINT_CSS}</style>
      <div className="no-print">
        <PatientBannerFor patientId={l.patientId} />
      </div>
      <Group className="no-print" mb="sm">
        {superseded ? (
          <>
            <Text c="red.9" fw={600}>
              This letter was superseded when the outcome was amended: it cannot be printed or sent as
              current.
            </Text>
            {l.replacedByLetterId !== null && (
              <Anchor component={Link} to={`/mdt/letters/${l.replacedByLetterId}/print`}>
                Open the current version
              </Anchor>
            )}
          </>
        ) : (
          <PrintButton color="brand.8" document={PRINT_DOCUMENT[l.audience]} />
        )}
        <Text size="sm" c="dimmed">
          Template version {l.templateVersion} ·{' '}
          {l.status === 'sent' ? `sent ${l.sentAt ? formatInstantGb(l.sentAt) : ''}` : 'not sent yet'}
        </Text>
      </Group>
      <article className="mdt-print" aria-label="Letter">
        {superseded && (
          <div className="mdt-watermark" aria-hidden="true">
            {/* Drawn by CSS: a pale decorative watermark; the readable warning is the line below. */}
            <span data-text={SUPERSEDED_TEXT} />
          </div>
        )}
        {superseded && <p className="mdt-letter-warning">{SUPERSEDED_TEXT}</p>}
        {!l.templateApproved && <p className="mdt-letter-warning">{UNAPPROVED_TEMPLATE_TEXT}</p>}
        <pre>{l.body}</pre>
      </article>
    </>
  );
}
