import { Badge, Group, Paper, Text, Title } from '@mantine/core';
import { ageInYears, formatDateGb, londonToday } from '../../../../shared/dates';
import { displayName, SEX_LABELS, type Patient } from '../../../../shared/domain/patient';
import { formatNhsNumber } from '../../../../shared/nhs-number';
import { RiskBannerAlert } from '../rehab/RiskAlerts';

/**
 * The patient banner, after the NHS common user interface: name as SURNAME, Forename; born date with
 * age; NHS number as 3-3-4; sex; and allergies always in view.
 */
export function PatientBanner({ patient }: { patient: Patient }) {
  const age = ageInYears(patient.dateOfBirth, londonToday());
  return (
    <Paper component="section" aria-label="Patient banner" p="sm" radius="sm" bg="blue.9" c="white">
      <Group justify="space-between" wrap="wrap" gap="md">
        <Title order={1} size="h3" data-testid="banner-name">
          {displayName(patient)}
        </Title>
        <Group gap="lg" wrap="wrap">
          <Text>
            <Text span size="sm" opacity={0.8}>
              Born{' '}
            </Text>
            <Text span fw={700}>
              {formatDateGb(patient.dateOfBirth)} ({age}y)
            </Text>
          </Text>
          <Text>
            <Text span size="sm" opacity={0.8}>
              NHS No.{' '}
            </Text>
            <Text span fw={700} data-testid="banner-nhs">
              {patient.nhsNumber ? formatNhsNumber(patient.nhsNumber) : 'Not recorded'}
            </Text>
          </Text>
          <Text>
            <Text span size="sm" opacity={0.8}>
              Sex{' '}
            </Text>
            <Text span fw={700}>
              {SEX_LABELS[patient.sex]}
            </Text>
          </Text>
          {patient.hospitalNumber && (
            <Text>
              <Text span size="sm" opacity={0.8}>
                Hospital No.{' '}
              </Text>
              <Text span fw={700}>
                {patient.hospitalNumber}
              </Text>
            </Text>
          )}
          {patient.allergies.length > 0 ? (
            <Badge
              color="red.9"
              size="lg"
              variant="filled"
              title={patient.allergies.map((a) => `${a.agent}: ${a.reaction}`).join('; ')}
            >
              Allergies: {patient.allergies.map((a) => a.agent).join(', ')}
            </Badge>
          ) : (
            <Badge color="gray.2" c="dark" size="lg">
              No allergies recorded
            </Badge>
          )}
          <RiskBannerAlert patientId={patient.id} />
        </Group>
      </Group>
    </Paper>
  );
}
