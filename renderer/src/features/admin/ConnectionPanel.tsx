import { Alert, Button, Group, Paper, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import {
  checkServerAddress,
  CONNECTION_CHANNELS,
  type CaFileChoice,
  type ConnectionState,
  type ConnectionTestResult,
} from '../../../../shared/connection';
import { api } from '../../api/client';

type Mode = 'local' | 'server';

async function ask<T>(channel: string, payload: unknown): Promise<T> {
  const r = await api.host(channel, payload);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}

/**
 * Where this workstation's data is kept (issue 19): "This computer only" or "Connect to our service's
 * server" with its address and the trust's certificate authority file. Shown at first run and, for an
 * administrator, on its own Settings page. The choice is the workstation's (kept by the desktop app), tested
 * against the server before it is saved.
 */
export function ConnectionChoice({ onModeChange }: { onModeChange?: (mode: Mode) => void }) {
  const [state, setState] = useState<ConnectionState | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>('local');
  const [url, setUrl] = useState('');
  const [caFile, setCaFile] = useState('');
  const [fields, setFields] = useState<ConnectionTestResult['fields']>({});
  const [outcome, setOutcome] = useState<ConnectionTestResult | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.host(CONNECTION_CHANNELS.get, {}).then(
      (r) => {
        // A host with no connection choice (none today but tests' bare dispatcher): nothing to show.
        if (!r.ok) {
          if (r.error.code !== 'UNKNOWN_CHANNEL') setLoadError(r.error.message);
          return;
        }
        const s = r.value as ConnectionState;
        setState(s);
        if (s.current.mode === 'server') {
          setMode('server');
          setUrl(s.current.url);
          setCaFile(s.current.caFile ?? '');
        }
      },
      () => setLoadError('Alongside could not say where this workstation’s data is kept.'),
    );
  }, []);
  useEffect(() => onModeChange?.(mode), [mode, onModeChange]);

  // The desktop app: the system's open-file dialog (shown by the main process); the path can still be typed.
  const chooseCaFile = async () => {
    try {
      const picked = await ask<CaFileChoice>(CONNECTION_CHANNELS.chooseCaFile, {});
      if (picked.path === null) return;
      setCaFile(picked.path);
      setFields((f) => ({
        ...(f?.url ? { url: f.url } : {}),
        ...(picked.problem ? { caFile: picked.problem } : {}),
      }));
    } catch (e) {
      setFields((f) => ({ ...f, caFile: e instanceof Error ? e.message : 'The file could not be chosen.' }));
    }
  };

  const run = async (channel: string) => {
    setOutcome(null);
    const urlProblem = mode === 'server' ? checkServerAddress(url) : null;
    if (urlProblem) {
      setFields({ url: urlProblem });
      return;
    }
    setBusy(true);
    try {
      const r = await ask<ConnectionTestResult>(channel, { mode, url, caFile });
      setFields(r.fields ?? {});
      setOutcome(r);
    } catch (err) {
      setOutcome({ ok: false, message: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };

  if (loadError)
    return (
      <Alert color="red" role="alert">
        {loadError}
      </Alert>
    );
  if (!state) return null;
  const locked = state.managedByIt || !state.mayChange;
  return (
    <Stack gap="sm">
      {state.managedByIt && (
        <Text size="sm">IT has set where this workstation’s data is kept; it is not changed here.</Text>
      )}
      {!state.managedByIt && !state.mayChange && (
        <Text size="sm">Only an administrator can change where this workstation’s data is kept.</Text>
      )}
      <Radio.Group
        label="Where is the data kept?"
        value={mode}
        onChange={(v) => {
          setMode(v as Mode);
          setOutcome(null);
          setFields({});
        }}
      >
        <Stack gap="xs" mt="xs">
          <Radio
            value="local"
            disabled={locked}
            label="This computer only"
            description="One person at a time on this computer; the records are kept on this computer."
          />
          <Radio
            value="server"
            disabled={locked}
            label="Connect to our service’s server"
            description="The team works together on the service’s Alongside server; no patient records are kept on this computer."
          />
        </Stack>
      </Radio.Group>
      {mode === 'server' && (
        <>
          <TextInput
            label="Server address"
            description="From IT, for example https://alongside.trust.nhs.uk:8443"
            value={url}
            disabled={locked}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={fields?.url}
          />
          <Group align="flex-end" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              label="Certificate authority file"
              description="Where the trust’s certificate authority file from IT is on this computer (a .pem or .crt file)"
              value={caFile}
              disabled={locked}
              onChange={(e) => setCaFile(e.currentTarget.value)}
              error={fields?.caFile}
            />
            {state.canChooseFile && !locked && (
              <Button variant="default" disabled={busy} onClick={() => void chooseCaFile()}>
                Choose file…
              </Button>
            )}
          </Group>
        </>
      )}
      {outcome && (
        <Alert color={outcome.ok ? 'brand' : 'red'} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.message}
        </Alert>
      )}
      {!locked && (
        <Group>
          {mode === 'server' && (
            <Button variant="default" loading={busy} onClick={() => void run(CONNECTION_CHANNELS.test)}>
              Test the connection
            </Button>
          )}
          <Button loading={busy} onClick={() => void run(CONNECTION_CHANNELS.save)}>
            Save where the data is kept
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** Settings → Connection (administrators). */
export function ConnectionPage() {
  return (
    <Paper p="md" withBorder maw={560}>
      <Title order={1} size="h2" mb="sm">
        Connection
      </Title>
      <ConnectionChoice />
    </Paper>
  );
}
