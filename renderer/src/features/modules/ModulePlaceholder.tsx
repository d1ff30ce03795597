import { Paper, Text, Title } from '@mantine/core';

/** A module whose screens are not built yet: says so plainly rather than showing an empty page. */
export function ModulePlaceholder({ title, description }: { title: string; description: string }) {
  return (
    <Paper p="md" withBorder>
      <Title order={1} size="h2">
        {title}
      </Title>
      <Text mt="sm">{description}</Text>
      <Text mt="sm" c="dimmed">
        This module is being built. Patient records, search and the audit trail are ready now.
      </Text>
    </Paper>
  );
}
