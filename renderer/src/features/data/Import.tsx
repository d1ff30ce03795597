import { Alert, Button, Group, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateGb } from '../../../../shared/dates';
import {
  IMPORT_FIELD_LABELS,
  IMPORT_MAX_CHUNK_CHARS,
  type ImportPreview,
} from '../../../../shared/domain/data';
import { api, ApiError } from '../../api/client';
import { FileCheck } from './FileCheck';
import { plural } from '../../../../shared/plural';

/** Splits text into parts of at most `max` characters, each ending at a line break where possible. */
export function splitLines(text: string, max: number): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + max);
    if (end < text.length) {
      const nl = text.lastIndexOf('\n', end - 1);
      if (nl > start) end = nl + 1;
    }
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts.length ? parts : [''];
}

/** Patient-list import: choose a CSV, see every problem by line, then import all or nothing. */
export function ImportPanel() {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<number | null>(null);

  async function check(f: File) {
    setError(null);
    setPreview(null);
    setDone(null);
    setBusy(true);
    try {
      const text = await f.text();
      const parts = splitLines(text, Math.min(IMPORT_MAX_CHUNK_CHARS, 200_000));
      let id: string | undefined;
      let last: ImportPreview | null = null;
      for (let i = 0; i < parts.length; i++) {
        setProgress(Math.round((i / parts.length) * 100));
        last = await api.call('data:importPreview', {
          ...(id ? { importId: id } : {}),
          chunk: parts[i]!,
          last: i === parts.length - 1,
        });
        id = last.importId;
      }
      setProgress(100);
      setPreview(last);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The file could not be read.');
    } finally {
      setBusy(false);
    }
  }

  async function commit() {
    if (!preview) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.call('data:importCommit', { importId: preview.importId });
      setDone(r.imported);
      setPreview(null);
      await queryClient.invalidateQueries();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Nothing was imported.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper p="md" withBorder component="section" aria-label="Import a patient list">
      <Stack>
        <Title order={2} size="h2">
          Import a patient list
        </Title>
        <Text size="sm" c="dimmed">
          A CSV file with a heading row: NHS number, Hospital number, Surname, Forename, Date of birth
          (DD/MM/YYYY or YYYY-MM-DD), Sex, Postcode, GP practice. Every line is checked first; then all
          patients are imported, or none.
        </Text>
        <FileCheck
          label="Patient list (CSV)"
          accept=".csv,text/csv"
          file={file}
          onChoose={(f) => {
            setFile(f);
            setPreview(null);
            setProgress(null);
          }}
          onCheck={(f) => void check(f)}
          busy={busy}
          checking={busy && !preview}
          error={error}
        />
        {progress !== null && progress < 100 && (
          <Progress value={progress} aria-label={`Sending the file: ${progress}%`} animated />
        )}
        {done !== null && (
          <Alert color="teal" variant="outline" c="teal.9" role="status">
            Imported {plural(done, 'patient')}.
          </Alert>
        )}
        {preview && (
          <Stack>
            <Text role="status">
              {preview.rows.toLocaleString('en-GB')} lines: {preview.validRows.toLocaleString('en-GB')} ready
              to import, {preview.errorCount.toLocaleString('en-GB')} problem
              {preview.errorCount === 1 ? '' : 's'}.
            </Text>
            {preview.errorCount > 0 && (
              <>
                <Alert color="red" variant="outline">
                  <Text fw={700} c="red.9">
                    Nothing will be imported until every line is right
                  </Text>
                  <Text c="red.9">Correct these lines in the file and choose it again.</Text>
                </Alert>
                <Table striped aria-label="Problems by line">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Line</Table.Th>
                      <Table.Th>Field</Table.Th>
                      <Table.Th>Problem</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {preview.errors.map((e, i) => (
                      <Table.Tr key={`${e.line}-${e.field}-${i}`}>
                        <Table.Td>{e.line}</Table.Td>
                        <Table.Td>{IMPORT_FIELD_LABELS[e.field] ?? e.field}</Table.Td>
                        <Table.Td>{e.message}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                {preview.errorCount > preview.errors.length && (
                  <Text size="sm" c="dimmed">
                    The first {preview.errors.length} problems are shown.
                  </Text>
                )}
              </>
            )}
            {preview.errorCount === 0 && preview.validRows > 0 && (
              <>
                <Table aria-label="The first patients to import">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Line</Table.Th>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>Born</Table.Th>
                      <Table.Th>NHS number</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {preview.sample.map((p) => (
                      <Table.Tr key={p.line}>
                        <Table.Td>{p.line}</Table.Td>
                        <Table.Td>
                          {p.surname.toUpperCase()}, {p.forename}
                        </Table.Td>
                        <Table.Td>{formatDateGb(p.dateOfBirth)}</Table.Td>
                        <Table.Td>{p.nhsNumber ?? '—'}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                <Group>
                  <Button onClick={() => void commit()} loading={busy}>
                    Import {plural(preview.validRows, 'patient')}
                  </Button>
                </Group>
              </>
            )}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
