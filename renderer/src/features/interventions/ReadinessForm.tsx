import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  SimpleGrid,
  Text,
  TextInput,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import {
  readinessInputSchema,
  type ReadinessRecord,
  type RequestDetail,
} from '../../../../shared/domain/interventions';
import { api } from '../../api/client';
import { useSession } from '../../app/session';
import { useFormSubmit } from '../../app/useFormSubmit';
import { DateField } from '../../app/DateField';

/** Form values: dates and numbers as strings (inputs), turned into the record on save. */
interface Values {
  eligibilityStatus: ReadinessRecord['eligibilityStatus'];
  eligibilityOverrideReason: string;
  consentStage1Date: string;
  consentLeafletVersion: string;
  baselineOutcomesRecorded: boolean;
  antithromboticsReviewed: boolean;
  crclMlPerMin: string;
  crclDate: string;
  onDualAntiplatelet: boolean;
  coronaryStentDate: string;
  cardiologyDecisionDate: string;
  allergiesReviewed: boolean;
  plannedContrastAgent: string;
  activeInfection: '' | 'yes' | 'no';
  mrsaScreenDate: string;
  mrsaScreenResult: '' | 'negative' | 'positive' | 'pending';
  devicesReviewed: boolean;
  pregnancyEnquiryArranged: boolean;
  sedationPlanned: boolean;
  fastingInstructionsGiven: boolean;
  escortConfirmed: boolean;
  asaGrade: string;
  airwayAssessed: boolean;
  exclusionsReviewed: boolean;
  logisticsNote: string;
  inrCheckPlanned: boolean;
  inrResult: string;
  inrResultDate: string;
  renalDisease: boolean;
  liverDisease: boolean;
  coagulopathy: boolean;
  steroidPlanned: boolean;
  diabetic: boolean;
  cumulativeSteroidMg12m: string;
}

const s = (v: string | null) => v ?? '';
const n = (v: string) => (v.trim() === '' ? null : v.trim());

function toValues(r: ReadinessRecord): Values {
  return {
    ...r,
    eligibilityOverrideReason: s(r.eligibilityOverrideReason),
    consentStage1Date: s(r.consentStage1Date),
    consentLeafletVersion: s(r.consentLeafletVersion),
    crclMlPerMin: r.crclMlPerMin === null ? '' : String(r.crclMlPerMin),
    crclDate: s(r.crclDate),
    coronaryStentDate: s(r.coronaryStentDate),
    cardiologyDecisionDate: s(r.cardiologyDecisionDate),
    plannedContrastAgent: s(r.plannedContrastAgent),
    activeInfection: r.activeInfection === null ? '' : r.activeInfection ? 'yes' : 'no',
    mrsaScreenDate: s(r.mrsaScreenDate),
    mrsaScreenResult: r.mrsaScreenResult ?? '',
    asaGrade: r.asaGrade === null ? '' : String(r.asaGrade),
    logisticsNote: s(r.logisticsNote),
    inrResult: r.inrResult === null ? '' : String(r.inrResult),
    inrResultDate: s(r.inrResultDate),
    cumulativeSteroidMg12m: r.cumulativeSteroidMg12m === null ? '' : String(r.cumulativeSteroidMg12m),
  };
}

function toRecord(v: Values, devices: ReadinessRecord['devices']): unknown {
  return {
    ...v,
    eligibilityOverrideReason: n(v.eligibilityOverrideReason),
    consentStage1Date: n(v.consentStage1Date),
    consentLeafletVersion: n(v.consentLeafletVersion),
    crclMlPerMin: v.crclMlPerMin.trim() === '' ? null : Number(v.crclMlPerMin),
    crclDate: n(v.crclDate),
    coronaryStentDate: n(v.coronaryStentDate),
    cardiologyDecisionDate: n(v.cardiologyDecisionDate),
    plannedContrastAgent: n(v.plannedContrastAgent),
    activeInfection: v.activeInfection === '' ? null : v.activeInfection === 'yes',
    mrsaScreenDate: n(v.mrsaScreenDate),
    mrsaScreenResult: v.mrsaScreenResult === '' ? null : v.mrsaScreenResult,
    asaGrade: v.asaGrade === '' ? null : Number(v.asaGrade),
    logisticsNote: n(v.logisticsNote),
    inrResult: v.inrResult.trim() === '' ? null : Number(v.inrResult),
    inrResultDate: n(v.inrResultDate),
    cumulativeSteroidMg12m: v.cumulativeSteroidMg12m.trim() === '' ? null : Number(v.cumulativeSteroidMg12m),
    devices,
  };
}

/** The readiness record: everything the checklist reads besides antithrombotics and allergies. */
export function ReadinessForm({ detail }: { detail: RequestDetail }) {
  const qc = useQueryClient();
  // Clinical values belong to clinicians: others see them, read-only (the service refuses them too).
  const clinical = useSession().can('interventions.clinical');
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    defaultValues: toValues(detail.readinessRecord),
    resolver: async (values) => {
      const parsed = await zodResolver(readinessInputSchema)(
        toRecord(values, detail.readinessRecord.devices) as never,
        undefined,
        { fields: {}, shouldUseNativeValidation: false },
      );
      return Object.keys(parsed.errors).length
        ? { values: {}, errors: parsed.errors as never }
        : { values, errors: {} };
    },
  });
  const e = formState.errors;
  const save = useFormSubmit({
    setError,
    prefix: 'readiness.',
    mutationFn: (values: Values) =>
      api.call('interventions:updateReadiness', {
        id: detail.id,
        version: detail.version,
        readiness: toRecord(values, detail.readinessRecord.devices) as ReadinessRecord,
      }),
    onSuccess: (d) => qc.setQueryData(['interventions:get', detail.id], d),
  });
  const onSubmit = handleSubmit(save.submit);
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Readiness record">
      {save.formError && (
        <Alert color="red" mb="sm">
          {save.formError}
        </Alert>
      )}
      {!clinical && (
        <Alert color="blue" mb="sm">
          Clinical values (eligibility, consent, renal function, INR, MRSA, allergies, devices, pregnancy
          enquiry, sedation, ASA) are recorded by a clinician. You can see them here and record logistics.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Fieldset legend="A. Listing" disabled={!clinical}>
          <NativeSelect
            label="Eligibility (NICE / EBI / commissioner)"
            {...register('eligibilityStatus')}
            data={[
              { value: 'not-checked', label: 'Not checked' },
              { value: 'passed', label: 'Criteria met' },
              { value: 'failed', label: 'Criteria not met' },
              { value: 'overridden', label: 'Overridden (give a reason)' },
            ]}
          />
          <TextInput
            label="Eligibility override reason"
            {...register('eligibilityOverrideReason')}
            error={e.eligibilityOverrideReason?.message}
          />
          <DateField
            label="Consent stage 1 date"
            {...register('consentStage1Date')}
            error={e.consentStage1Date?.message}
          />
          <TextInput label="Information leaflet version" {...register('consentLeafletVersion')} />
          <Checkbox
            mt="xs"
            label="Baseline pain, function and PGIC recorded"
            {...register('baselineOutcomesRecorded')}
          />
        </Fieldset>
        <Fieldset legend="B. Medicines and bleeding" disabled={!clinical}>
          <Checkbox label="Antithrombotic medicines reviewed" {...register('antithromboticsReviewed')} />
          <Group grow>
            <TextInput
              label="Creatinine clearance, Cockcroft-Gault (mL/min)"
              inputMode="decimal"
              {...register('crclMlPerMin')}
              error={e.crclMlPerMin?.message}
            />
            <DateField
              label="Creatinine clearance date"
              {...register('crclDate')}
              error={e.crclDate?.message}
            />
          </Group>
          <Checkbox mt="xs" label="On dual antiplatelet therapy" {...register('onDualAntiplatelet')} />
          <Group grow>
            <DateField
              label="Coronary stent date"
              {...register('coronaryStentDate')}
              error={e.coronaryStentDate?.message}
            />
            <DateField
              label="Cardiology decision date"
              {...register('cardiologyDecisionDate')}
              error={e.cardiologyDecisionDate?.message}
            />
          </Group>
          <Checkbox
            mt="xs"
            label="Warfarin: INR check planned (day before or morning of the procedure)"
            {...register('inrCheckPlanned')}
          />
          <Group grow>
            <TextInput
              label="INR result"
              inputMode="decimal"
              {...register('inrResult')}
              error={e.inrResult?.message}
            />
            <DateField
              label="INR result date"
              {...register('inrResultDate')}
              error={e.inrResultDate?.message}
            />
          </Group>
          <Text size="sm" fw={500} mt="sm">
            Bleeding-risk factors (each moves the procedure up one tier; ASRA/ESRA pain guidance 2018)
          </Text>
          <Group>
            <Checkbox label="Severe renal disease" {...register('renalDisease')} />
            <Checkbox label="Severe liver disease" {...register('liverDisease')} />
            <Checkbox label="Coagulopathy" {...register('coagulopathy')} />
          </Group>
          <Text size="xs" c="dimmed">
            Age and two or more antithrombotics are counted from the record and the medicines list.
          </Text>
          <Group mt="xs">
            <Checkbox label="Steroid planned for this procedure" {...register('steroidPlanned')} />
            <Checkbox label="Diabetes" {...register('diabetic')} />
          </Group>
          <TextInput
            label="Steroid in the last 12 months (mg methylprednisolone-equivalent; leave empty if not known)"
            inputMode="decimal"
            {...register('cumulativeSteroidMg12m')}
            error={e.cumulativeSteroidMg12m?.message}
          />
        </Fieldset>
        <Fieldset legend="C. Safety" disabled={!clinical}>
          <Checkbox
            label="Allergies reviewed (read from the patient record)"
            {...register('allergiesReviewed')}
          />
          <TextInput label="Planned contrast agent" {...register('plannedContrastAgent')} />
          <NativeSelect
            label="Current infection"
            {...register('activeInfection')}
            data={[
              { value: '', label: 'Not asked' },
              { value: 'no', label: 'No' },
              { value: 'yes', label: 'Yes' },
            ]}
          />
          <Group grow>
            <DateField
              label="MRSA screen date"
              {...register('mrsaScreenDate')}
              error={e.mrsaScreenDate?.message}
            />
            <NativeSelect
              label="MRSA screen result"
              {...register('mrsaScreenResult')}
              data={[
                { value: '', label: 'None' },
                { value: 'negative', label: 'Negative' },
                { value: 'positive', label: 'Positive' },
                { value: 'pending', label: 'Pending' },
              ]}
            />
          </Group>
          <Checkbox
            mt="xs"
            label="Implanted devices asked about (none, or plan recorded)"
            {...register('devicesReviewed')}
          />
          <Checkbox
            mt="xs"
            label="Pregnancy enquiry arranged (IR(ME)R)"
            {...register('pregnancyEnquiryArranged')}
          />
          <Checkbox
            mt="xs"
            label="Procedure-specific exclusions reviewed"
            {...register('exclusionsReviewed')}
          />
        </Fieldset>
        <Fieldset legend="Sedation and logistics">
          <Checkbox label="Sedation planned" disabled={!clinical} {...register('sedationPlanned')} />
          <Checkbox mt="xs" label="Fasting instructions given" {...register('fastingInstructionsGiven')} />
          <Checkbox mt="xs" label="Escort confirmed" {...register('escortConfirmed')} />
          <Checkbox mt="xs" label="Airway assessed" disabled={!clinical} {...register('airwayAssessed')} />
          <NativeSelect
            label="ASA grade"
            disabled={!clinical}
            {...register('asaGrade')}
            data={[
              { value: '', label: 'Not recorded' },
              ...['1', '2', '3', '4', '5'].map((g) => ({ value: g, label: `ASA ${g}` })),
            ]}
          />
          <TextInput label="Logistics (transport, interpreter)" {...register('logisticsNote')} />
        </Fieldset>
      </SimpleGrid>
      <Group justify="flex-end" mt="sm">
        <Button type="submit" loading={formState.isSubmitting}>
          Save readiness
        </Button>
      </Group>
    </form>
  );
}
