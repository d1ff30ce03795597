import { Alert, Anchor, Group, Loader } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { formatDateGb } from '../../../../shared/dates';
import { formatDose, type PlanLetter } from '../../../../shared/domain/medicines';
import { formatNhsNumber } from '../../../../shared/nhs-number';
import { api } from '../../api/client';
import { PrintButton } from '../../app/PrintButton';
import { PatientBannerFor } from '../patients/PatientBanner';

const PRINT_CSS = `
.gp-letter { max-width: 760px; margin: 0 auto; padding: 32px; background: white; color: #111; font-size: 15px; line-height: 1.5; }
.gp-letter h1 { font-size: 22px; margin: 0 0 8px; }
.gp-letter h2 { font-size: 18px; margin: 24px 0 8px; }
.gp-letter table { border-collapse: collapse; width: 100%; }
.gp-letter th, .gp-letter td { border: 1px solid #555; padding: 6px 8px; text-align: left; vertical-align: top; }
.gp-letter .page-break { break-before: page; page-break-before: always; }
@media print {
  @page { size: A4; margin: 18mm; }
  header, nav, .no-print, .mantine-AppShell-header, .mantine-AppShell-navbar { display: none !important; }
  .mantine-AppShell-main { padding: 0 !important; background: white !important; }
  .gp-letter { padding: 0; max-width: none; font-size: 12pt; }
}
`;

/** "Monday 5 December 2026": dates written out for the patient. */
function longDate(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T00:00:00Z`));
}

function Calendar({
  steps,
  head,
  supply = false,
}: {
  steps: PlanLetter['plan']['steps'];
  head: [string, string];
  /** The GP's copy: a column with the quantity to prescribe for each step and how it was worked out. */
  supply?: boolean;
}) {
  return (
    <table>
      <thead>
        <tr>
          <th>{head[0]}</th>
          <th>{head[1]}</th>
          {supply && <th>To prescribe for the step</th>}
        </tr>
      </thead>
      <tbody>
        {steps.map((s) => (
          <tr key={s.stepNo}>
            <td>{longDate(s.date)}</td>
            <td>
              {s.instruction}
              {s.products && s.dose > 0 && !s.instruction.includes(s.products) ? ` (${s.products})` : ''}
              {s.longer && (
                <>
                  <br />
                  <small data-testid="letter-step-longer">{s.longer}</small>
                </>
              )}
            </td>
            {supply && (
              <td>
                {s.supply ? (
                  <>
                    {s.supply.text}.{' '}
                    <small>{s.supply.lines.map((l) => `${l.label}: ${l.how}`).join('; ')}.</small>
                  </>
                ) : s.dose === 0 ? (
                  'Nothing: stopped'
                ) : (
                  'As a usual prescription (no further step)'
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LetterBody({ letter }: { letter: PlanLetter }) {
  const { plan, patient, safety } = letter;
  const current = plan.steps.find((s) => s.stepNo === plan.currentStep) ?? plan.steps[0]!;
  const next = plan.steps.find((s) => s.stepNo === plan.currentStep + 1);
  // While the plan needs review, only the current dose is given: the next steps come in a new letter.
  const remaining = plan.steps.filter(
    (s) => s.stepNo >= plan.currentStep && (!plan.needsReview || s.stepNo === plan.currentStep),
  );
  const goal =
    plan.goal === 'stop'
      ? `stop ${plan.medicineName.toLowerCase()}`
      : `reduce ${plan.medicineName.toLowerCase()} to ${formatDose(plan.targetDose ?? 0)} ${plan.unit}`;
  const call = letter.contactNumber ? `call the pain team on ${letter.contactNumber}` : 'call the pain team';
  return (
    <article className="gp-letter" aria-label="GP letter">
      <p>Pain Management Service{letter.contactNumber ? `, telephone ${letter.contactNumber}` : ''}</p>
      <p>Date: {formatDateGb(letter.letterDate)}</p>
      <p>To: the GP{patient.gpPractice ? `, ${patient.gpPractice}` : ''}</p>
      <p>
        Re: <b>{patient.name}</b>, born {formatDateGb(patient.dateOfBirth)}
        {patient.nhsNumber ? `, NHS number ${formatNhsNumber(patient.nhsNumber)}` : ''}
      </p>
      <h1>Deprescribing plan: {plan.medicineName}</h1>
      <p>
        Plan version {letter.planVersion}, from {formatDateGb(letter.versionFrom)}.
        {plan.versionReason ? ` Why it changed: ${plan.versionReason}.` : ''}
      </p>
      {letter.supersedes.length > 0 && (
        <p>
          <b>
            This letter replaces{' '}
            {letter.supersedes
              .map((v) => `version ${v.version} (${formatDateGb(v.from)} to ${formatDateGb(v.until)})`)
              .join(' and ')}
            . Do not follow the earlier letters or calendars.
          </b>
        </p>
      )}
      {plan.needsReview && (
        <p role="alert">
          <b>Needs review: do not make the next reduction until the plan is reviewed.</b> {plan.needsReview}
        </p>
      )}
      <p>
        Dear colleague, we have agreed with {patient.name} a plan to {goal}. Reason: {plan.reason}. The plan
        was{' '}
        {plan.patientAgreed ? 'agreed with the patient' : 'drafted and is not yet agreed with the patient'}
        {plan.signedOffBy ? ` and signed off by ${plan.signedOffBy}` : ''}.
      </p>
      {letter.diazepamSwitch && (
        <>
          <h2>Switch to diazepam</h2>
          <p>
            On {longDate(letter.diazepamSwitch.switchedOn)} {letter.diazepamSwitch.fromText} was stopped and
            replaced by the equivalent dose of diazepam,{' '}
            <b>{letter.diazepamSwitch.diazepamMgPer24h} mg a day</b>, a long-acting benzodiazepine that comes
            down more smoothly. Equivalence used: <b>{letter.diazepamSwitch.equivalence}</b> (
            {letter.diazepamSwitch.working}). Equivalence is approximate. Source:{' '}
            {letter.diazepamSwitch.ruleSet.source}
          </p>
        </>
      )}
      <h2>New dose instructions</h2>
      <p>
        Current dose: <b>{current.instruction}</b>
        {current.products && current.dose > 0 && !current.instruction.includes(current.products)
          ? ` (${current.products})`
          : ''}
        .
        {next && !plan.needsReview ? (
          <>
            {' '}
            From <b>{longDate(next.date)}</b>: <b>{next.instruction}</b>.
          </>
        ) : null}
      </p>
      {plan.asNeeded && (
        <p>
          This medicine is taken as needed. Each step lowers the most that may be taken in 24 hours: please
          prescribe no more than the quantity shown for each step.
        </p>
      )}
      <p>
        Please prescribe to match each step below, with enough for each step only, and do not issue more until
        the next step. The steps never move faster than planned; if the patient needs a step held or reversed,
        our nurse will tell you. Next review with our service:{' '}
        {plan.nextReviewDate ? longDate(plan.nextReviewDate) : 'to be arranged'}.
      </p>
      <h2>Taper calendar</h2>
      <Calendar steps={remaining} head={['From', 'What to take']} supply />
      <h2>Other opioids and sedating medicines</h2>
      {safety.otherMedicines.length === 0 ? (
        <p>None recorded with our service.</p>
      ) : (
        <ul>
          {safety.otherMedicines.map((m) => (
            <li key={`${m.name}${m.dose}`}>
              {m.name}: {m.dose} ({m.why})
            </li>
          ))}
        </ul>
      )}
      <h2>Withdrawal and safety</h2>
      <p>{safety.withdrawal}</p>
      <p>{safety.whatToDo}</p>
      {safety.tolerance && (
        <p>
          <b>Loss of tolerance:</b> {safety.tolerance}
        </p>
      )}
      {safety.naloxone && (
        <p>
          <b>Naloxone:</b> {safety.naloxone}
        </p>
      )}
      <p>
        Sources: {safety.source}
        {safety.naloxoneSource ? `; ${safety.naloxoneSource}` : ''}.
      </p>
      <section className="page-break">
        <h2>Your plan, in plain English (for {patient.name})</h2>
        <p>
          Date: {formatDateGb(letter.letterDate)}. Plan version {letter.planVersion}.
        </p>
        {letter.supersedes.length > 0 && (
          <p>
            <b>This calendar replaces the one you had before. Please throw the old one away.</b>
          </p>
        )}
        <p>
          You and your pain team agreed to {goal} slowly, a small step at a time, so that your body can get
          used to each change. Keep to this calendar. Do not go faster.
        </p>
        {letter.diazepamSwitch && (
          <p>
            On {formatDateGb(letter.diazepamSwitch.switchedOn)} your{' '}
            {letter.diazepamSwitch.fromText.toLowerCase()} was changed to diazepam, which works for longer, so
            the steps down are smoother. Do not take both.
          </p>
        )}
        <Calendar steps={remaining} head={['Starting on', 'What to do']} />
        <h3>What you may notice</h3>
        <p>{safety.withdrawal}</p>
        <p>If this is hard to manage, {call}: we can hold a step for longer. Do not take extra doses.</p>
        {safety.tolerance && (
          <p>
            <b>Important:</b> {safety.tolerance}
          </p>
        )}
        {safety.naloxone && <p>{safety.naloxone}</p>}
        {safety.otherMedicines.length > 0 && (
          <p>
            Your other medicines that can make you drowsy or slow your breathing:{' '}
            {safety.otherMedicines.map((m) => m.name).join(', ')}. Avoid alcohol.
          </p>
        )}
        <p>Pain team telephone: {letter.contactNumber ?? 'ask your GP surgery for the number'}</p>
        <p>Yours sincerely, {letter.prescriberName ?? 'the Pain Management Service'}</p>
      </section>
    </article>
  );
}

/** The printable GP letter and patient calendar (route /medicines/plans/:id/print). */
export function PrintLetter() {
  const planId = Number(useParams().id);
  const q = useQuery({
    queryKey: ['meds:planLetter', planId],
    queryFn: () => api.call('meds:planLetter', { planId }),
  });
  if (q.isPending) return <Loader aria-label="Loading letter" />;
  if (q.isError)
    return (
      <Alert color="red" variant="outline" c="red.9">
        {q.error.message}
      </Alert>
    );
  return (
    <main>
      <style>{PRINT_CSS}</style>
      <div className="no-print">
        <PatientBannerFor patientId={q.data.plan.patientId} />
      </div>
      <Group className="no-print" p="md">
        <Anchor href={`#/medicines/plans/${planId}`}>Back to the plan</Anchor>
        <PrintButton document="Deprescribing GP letter" />
      </Group>
      <LetterBody letter={q.data} />
    </main>
  );
}
