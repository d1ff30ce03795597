import { Alert, Anchor, Group, Loader } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { formatDateGb } from '../../../../shared/dates';
import { formatNhsNumber } from '../../../../shared/nhs-number';
import { SETTING_LABELS, type TheatreSession } from '../../../../shared/domain/interventions';
import { api } from '../../api/client';
import { PrintButton } from '../../app/PrintButton';

const PRINT_CSS = `
.theatre-list { max-width: 1100px; margin: 0 auto; padding: 24px; background: white; color: #111; font-size: 14px; line-height: 1.4; }
.theatre-list h1 { font-size: 20px; margin: 0 0 6px; }
.theatre-list h2 { font-size: 16px; margin: 18px 0 6px; }
.theatre-list table { border-collapse: collapse; width: 100%; }
.theatre-list th, .theatre-list td { border: 1px solid #555; padding: 4px 6px; text-align: left; vertical-align: top; }
.theatre-list .clash { color: #8b0000; font-weight: 600; }
.theatre-list .tick { width: 44px; text-align: center; }
.theatre-list .nowrap { white-space: nowrap; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  header, nav, .no-print, .mantine-AppShell-header, .mantine-AppShell-navbar { display: none !important; }
  .mantine-AppShell-main { padding: 0 !important; background: white !important; }
  .theatre-list { padding: 0; max-width: none; font-size: 10pt; }
  .theatre-list tr { break-inside: avoid; }
}
`;

function ListBody({ s }: { s: TheatreSession }) {
  return (
    <section aria-label={`List ${s.room}`}>
      <h1>
        Theatre list · {s.room} · {formatDateGb(s.date)} {s.start}-{s.end}
      </h1>
      <p>
        {SETTING_LABELS[s.setting]} · Operator: {s.clinicianName} · Radiographer: {s.radiographer ?? 'none'} ·
        Equipment: {s.equipment.length ? s.equipment.join(', ') : 'none listed'}
      </p>
      {s.clashes.map((m) => (
        <p key={m} className="clash">
          Clash: {m}
        </p>
      ))}
      <h2>Team brief</h2>
      <p>
        {s.cases.length} case{s.cases.length === 1 ? '' : 's'} in this order. At the brief confirm: the order,
        equipment and imaging, allergies, anticoagulant plans, sedation and anticipated critical events.
      </p>
      <table>
        <thead>
          <tr>
            <th>Time</th>
            <th>Patient</th>
            <th>Procedure, side and levels</th>
            <th>Allergies</th>
            <th>Anticoagulants and antiplatelets</th>
            <th>Sedation</th>
            <th>Equipment</th>
            <th className="tick">Sign in</th>
            <th className="tick">Time out</th>
            <th className="tick">Sign out</th>
          </tr>
        </thead>
        <tbody>
          {s.cases.map((c) => (
            <tr key={c.bookingId}>
              <td>
                <span className="nowrap">
                  {c.start}-{c.end}
                </span>
                <br />({c.minutes} min)
              </td>
              <td>
                <strong>{c.patientName}</strong>
                <br />
                NHS {c.nhsNumber ? formatNhsNumber(c.nhsNumber) : 'not recorded'}
                <br />
                <span className="nowrap">Born {formatDateGb(c.dateOfBirth)}</span>
              </td>
              <td>
                {c.procedureName}
                <br />
                {c.siteText}
                {c.clashes.map((m) => (
                  <div key={m} className="clash">
                    Clash: {m}
                  </div>
                ))}
              </td>
              <td>{c.allergies.length ? <strong>{c.allergies.join('; ')}</strong> : 'None recorded'}</td>
              <td>{c.antithrombotics.length ? c.antithrombotics.join('; ') : 'None'}</td>
              <td>{c.sedation}</td>
              <td>{c.equipment.length ? c.equipment.join(', ') : '-'}</td>
              <td className="tick">☐</td>
              <td className="tick">☐</td>
              <td className="tick">☐</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>WHO Surgical Safety Checklist (2008) for each patient</h2>
      <p>
        Sign in: identity, site, procedure and consent confirmed; site marked; allergies; anaesthesia and
        sedation checks. Time out: team introduced; patient, procedure, site and side confirmed; critical
        events; imaging displayed. Sign out: procedure recorded; equipment problems; concerns for recovery.
      </p>
      <p>Debrief: ______________________________________________</p>
    </section>
  );
}

/** The printable list of one session, for the team brief and the WHO checklist (route /interventions/sessions/:id/print). */
export function TheatreListPrint() {
  const id = Number(useParams().id);
  const q = useQuery({
    queryKey: ['interventions:theatreList', id],
    queryFn: () => api.call('interventions:theatreList', { id }),
  });
  if (q.isPending) return <Loader aria-label="Loading the list" />;
  if (q.isError)
    return (
      <Alert color="red" variant="outline" c="red.9">
        {q.error.message}
      </Alert>
    );
  const s = q.data.rooms[0]?.sessions[0];
  return (
    <main>
      <style>{PRINT_CSS}</style>
      <Group className="no-print" p="md">
        <Anchor href={`#/interventions/day/${q.data.date}`}>Back to the day</Anchor>
        {s && <PrintButton document="Theatre list" />}
      </Group>
      <article className="theatre-list">{s ? <ListBody s={s} /> : 'That list has no sessions.'}</article>
    </main>
  );
}
