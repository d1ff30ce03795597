import { Alert, Badge, Group, Loader, Paper, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ageInYears, formatDateGb, londonToday } from '../../../../shared/dates';
import { displayName, SEX_LABELS, type Patient } from '../../../../shared/domain/patient';
import { formatNhsNumber } from '../../../../shared/nhs-number';
import { screenQueries } from '../../api/screenQueries';
import { RiskBannerAlert } from '../rehab/RiskAlerts';
import { usePatientRiskAlerts } from './riskAlerts';

/**
 * The patient banner, after the NHS common user interface: name as SURNAME, Forename; born date with
 * age; NHS number as 3-3-4; sex; allergies (or "no known allergies", or "not recorded") and open risk
 * alerts always in view. On every screen that acts on one patient. `heading` makes the name the page's
 * h1 (the patient record); elsewhere the page has its own heading.
 */
export function PatientBanner({ patient, heading = true }: { patient: Patient; heading?: boolean }) {
  const age = ageInYears(patient.dateOfBirth, londonToday());
  const alerts = usePatientRiskAlerts(patient.id);
  return (
    <Paper
      component="section"
      aria-label="Patient banner"
      data-testid="patient-banner"
      p="sm"
      radius="sm"
      bg="blue.9"
      c="white"
    >
      <Group justify="space-between" wrap="wrap" gap="md">
        {heading ? (
          <Title order={1} size="h3" data-testid="banner-name">
            {displayName(patient)}
          </Title>
        ) : (
          <Text fw={700} fz="h3" data-testid="banner-name">
            {displayName(patient)}
          </Text>
        )}
        <Group gap="lg" wrap="wrap">
          <Text>
            <Text span size="sm" opacity={0.85}>
              Born{' '}
            </Text>
            <Text span fw={700} data-testid="banner-born">
              {formatDateGb(patient.dateOfBirth)} ({age}y)
            </Text>
          </Text>
          <Text>
            <Text span size="sm" opacity={0.85}>
              NHS No.{' '}
            </Text>
            <Text span fw={700} data-testid="banner-nhs">
              {patient.nhsNumber ? formatNhsNumber(patient.nhsNumber) : 'Not recorded'}
            </Text>
          </Text>
          <Text>
            <Text span size="sm" opacity={0.85}>
              Sex{' '}
            </Text>
            <Text span fw={700}>
              {SEX_LABELS[patient.sex]}
            </Text>
          </Text>
          {patient.hospitalNumber && (
            <Text>
              <Text span size="sm" opacity={0.85}>
                Hospital No.{' '}
              </Text>
              <Text span fw={700}>
                {patient.hospitalNumber}
              </Text>
            </Text>
          )}
          <AllergyBadge patient={patient} />
          {alerts.map((a) => (
            <Badge key={a.key} color="orange.9" size="lg" variant="filled" title={a.detail ?? a.label}>
              {a.label}
            </Badge>
          ))}
          <RiskBannerAlert patientId={patient.id} />
        </Group>
      </Group>
    </Paper>
  );
}

function AllergyBadge({ patient }: { patient: Patient }) {
  if (patient.allergies.length > 0)
    return (
      <Badge
        color="red.9"
        size="lg"
        variant="filled"
        data-testid="banner-allergies"
        title={patient.allergies.map((a) => `${a.agent}: ${a.reaction}`).join('; ')}
        styles={{ label: { overflow: 'visible', whiteSpace: 'normal' } }}
        h="auto"
      >
        Allergies: {patient.allergies.map((a) => a.agent).join(', ')}
      </Badge>
    );
  if (patient.noKnownAllergies)
    return (
      <Badge color="gray.0" c="dark" size="lg" data-testid="banner-allergies">
        No known allergies
      </Badge>
    );
  return (
    <Badge color="yellow.3" c="dark" size="lg" data-testid="banner-allergies">
      Allergies not recorded
    </Badge>
  );
}

/**
 * The banner for a screen that knows only the patient's id (a plan, a request, a review, a print page).
 * Shares the record's query, so it costs nothing when the record was opened first.
 */
export function PatientBannerFor({ patientId }: { patientId: number }) {
  const q = useQuery(screenQueries.patient(patientId));
  if (q.isPending) return <Loader size="sm" aria-label="Loading the patient banner" />;
  if (q.isError)
    return (
      <Alert color="red" variant="outline" c="red.9" role="alert" title="Patient not shown">
        {q.error.message}
      </Alert>
    );
  return <PatientBanner patient={q.data} heading={false} />;
}
