import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { errorText } from './common';

/** What the confirm step shows: the patient letter as it would be written from the outcome typed so far. */
export interface PatientLetterShown {
  text: string;
  problem: string | null;
}

/**
 * The confirm step of an outcome (issue 16, decision: the chair must see the patient letter before
 * confirming). Every confirmed outcome writes a patient letter, so Confirm exists only in the view that shows
 * that letter's text: the first button saves what is typed and opens the letter; "Confirm outcome" sits
 * under the letter and takes the focus, so the keyboard reaches it only through the letter. Any change to
 * the outcome closes the view (the letter on screen is always the one the confirmation writes).
 */
export function ConfirmWithPatientLetter({
  letter,
  opening,
  openError,
  confirming,
  onOpen,
  onConfirm,
  onBack,
}: {
  letter: PatientLetterShown | undefined;
  opening: boolean;
  openError: unknown;
  confirming: boolean;
  onOpen: () => void;
  onConfirm: () => void;
  onBack: () => void;
}) {
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (letter) confirmButton.current?.focus();
  }, [letter]);
  if (!letter)
    return (
      <Stack gap="xs">
        <Button color="brand.8" w="fit-content" onClick={onOpen} loading={opening}>
          Check the patient letter and confirm
        </Button>
        {openError !== null && openError !== undefined && <Text c="red.9">{errorText(openError)}</Text>}
      </Stack>
    );
  return (
    <Paper withBorder p="sm" aria-label="Patient letter to confirm" role="region">
      <Title order={3} size="h5" mb="xs">
        The patient letter this outcome will send
      </Title>
      {letter.problem ? (
        <Text c="red.9">{letter.problem}</Text>
      ) : (
        <Text component="pre" style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', margin: 0 }}>
          {letter.text}
        </Text>
      )}
      <Text size="sm" mt="xs">
        Confirming records the outcome and writes this letter, with the letters to the GP and the referrer.
      </Text>
      <Group mt="xs">
        <Button ref={confirmButton} color="brand.8" onClick={onConfirm} loading={confirming}>
          Confirm outcome
        </Button>
        <Button variant="default" onClick={onBack}>
          Back to the outcome
        </Button>
      </Group>
    </Paper>
  );
}
