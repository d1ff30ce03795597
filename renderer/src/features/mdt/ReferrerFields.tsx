import { Fieldset, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import type { FieldErrors, FieldValues, Path, UseFormRegister } from 'react-hook-form';

type Keys = 'referrerName' | 'referrerRole' | 'referrerOrganisation' | 'referrerAddress';

/**
 * The clinician who referred the patient (issue 16), on the MDT referral and triage forms: the referrer
 * letter is addressed to them, never to whoever keyed the referral. Messages show beside each field.
 */
export function ReferrerFields<T extends FieldValues>({
  register,
  errors,
  description,
}: {
  register: UseFormRegister<T>;
  errors: FieldErrors<T>;
  description: string;
}) {
  const e = errors as FieldErrors<Record<Keys, string>>;
  const field = (k: Keys) => register(k as Path<T>);
  return (
    <Fieldset legend="Referring clinician" variant="unstyled">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="Referrer’s name"
          description={description}
          {...field('referrerName')}
          error={e.referrerName?.message}
        />
        <TextInput
          label="Referrer’s role"
          description="For example Consultant rheumatologist"
          {...field('referrerRole')}
          error={e.referrerRole?.message}
        />
        <TextInput
          label="Referrer’s organisation"
          {...field('referrerOrganisation')}
          error={e.referrerOrganisation?.message}
        />
        <Textarea
          label="Referrer’s address"
          autosize
          minRows={2}
          {...field('referrerAddress')}
          error={e.referrerAddress?.message}
        />
      </SimpleGrid>
    </Fieldset>
  );
}
