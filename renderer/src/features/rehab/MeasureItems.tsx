import { NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { MEASURES, type MeasureId } from '../../../../shared/clinical/rehab/measures';
import { TIME_POINT_IDS, TIME_POINT_LABELS } from '../../../../shared/domain/rehab';
import { DateField } from '../../app/DateField';

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

/** The collection point and the date completed: the same two fields on the single form and the set. */
export function CollectionPointFields({
  timePoint,
  administeredOn,
  errors,
}: {
  timePoint: UseFormRegisterReturn;
  administeredOn: UseFormRegisterReturn;
  errors: { timePoint: string | undefined; administeredOn: string | undefined };
}) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <NativeSelect
        label="Collection point"
        withAsterisk
        {...timePoint}
        error={errors.timePoint}
        data={[
          { value: '', label: 'Choose…' },
          ...TIME_POINT_IDS.map((t) => ({ value: t, label: TIME_POINT_LABELS[t] })),
        ]}
      />
      <DateField label="Date completed" withAsterisk {...administeredOn} error={errors.administeredOn} />
    </SimpleGrid>
  );
}

/**
 * One questionnaire's item block as the single-measure form shows it: the stem where its wording may be
 * shown (else where the scores come from), then its item fields. The set screen renders the same block.
 */
export function MeasureItemBlock(props: Parameters<typeof MeasureItems>[0]) {
  const def = MEASURES[props.measure];
  return (
    <>
      <Text size="sm" c="dimmed">
        {def.licence.mode === 'item wording shown'
          ? def.stem
          : `Type the item scores from the service’s licensed ${props.measure} form (item wording is not shown: ${def.licence.holder}).`}
      </Text>
      <MeasureItems {...props} />
    </>
  );
}
