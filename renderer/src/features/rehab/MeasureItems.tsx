import { NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { MEASURES, type MeasureId } from '../../../../shared/clinical/rehab/measures';

/**
 * The item fields of one questionnaire (not PSFS): a select per item where the wording may be shown, else a
 * score box per item with its range (licensed forms: the scores are typed from the service's own form).
 * Each field shows its own message beside it.
 */
export function MeasureItems({
  measure,
  field,
  error,
}: {
  measure: MeasureId;
  /** The registration of item `i` (0-based). */
  field: (i: number) => UseFormRegisterReturn;
  /** The message beside item `i`, if any. */
  error: (i: number) => string | undefined;
}) {
  const def = MEASURES[measure];
  const optionsFor = (item: number) =>
    (def.responseOptions ?? []).filter((o) => !o.items || o.items.includes(item));
  const range = (item: number) => def.answerRanges.find((r) => item >= r.fromItem && item <= r.toItem);
  if (def.items)
    return (
      <Stack gap="xs">
        {def.items.map((item, i) => (
          <NativeSelect
            key={item.number}
            label={`${item.number}. ${item.text}`}
            {...field(i)}
            error={error(i)}
            data={[
              { value: '', label: 'Left blank' },
              ...optionsFor(item.number).map((o) => ({
                value: String(o.value),
                label: `${o.value} – ${o.label}`,
              })),
            ]}
          />
        ))}
      </Stack>
    );
  return (
    <SimpleGrid cols={{ base: 2, sm: 4, lg: 6 }}>
      {def.entryLabels.map((label, i) => {
        const r = range(i + 1);
        return (
          <TextInput
            key={i}
            label={label}
            description={r ? `${r.min}–${r.max}` : undefined}
            inputMode="numeric"
            {...field(i)}
            error={error(i)}
          />
        );
      })}
    </SimpleGrid>
  );
}
