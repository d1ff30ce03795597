import { DataHealthBanner } from './DataHealthBanner';
import { AppShell, Badge, Button, Group, NavLink, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { NavLink as RouterLink, useLocation } from 'react-router';
import { ROLE_LABELS } from '../../../shared/domain/roles';
import { api } from '../api/client';
import { useSession, useSignedIn } from './session';

const NAV = [
  { to: '/patients', label: 'Patients', permission: 'patient.read' },
  { to: '/mdt', label: 'MDT meetings', permission: 'patient.read' },
  { to: '/medicines', label: 'Medicines', permission: 'patient.read' },
  { to: '/interventions', label: 'Interventions', permission: 'patient.read' },
  { to: '/rehab', label: 'Rehab', permission: 'patient.read' },
  { to: '/admin/users', label: 'Users', permission: 'user.manage' },
  { to: '/admin/settings', label: 'Settings', permission: 'settings.manage' },
  { to: '/admin/connection', label: 'Connection', permission: 'settings.manage' },
  { to: '/rules', label: 'Clinical rule sets', permission: 'rules.read' },
  { to: '/admin/data', label: 'Data and backups', permission: ['data.backup', 'data.import', 'data.export'] },
  { to: '/admin/audit', label: 'Audit', permission: 'audit.review' },
] as const;

export function Shell({ children }: { children: ReactNode }) {
  const session = useSession();
  const me = useSignedIn();
  const location = useLocation();
  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 210, breakpoint: 0 }} padding="md">
      {/* WCAG 2.4.1: the first Tab stop skips the header and the menu (the router owns the URL's hash). */}
      <a
        className="skip-link"
        href="#main-content"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main-content')?.focus();
        }}
      >
        Skip to main content
      </a>
      <AppShell.Header bg="brand.8" c="white">
        <Group h="100%" px="md" justify="space-between">
          <Group gap="xs">
            <Text fw={800} size="lg">
              Alongside
            </Text>
            <Text size="sm" opacity={0.85}>
              Pain service MDT
            </Text>
            {api.kind === 'preview' && (
              <Badge color="yellow.3" c="dark.9" variant="filled" size="sm">
                Browser preview
              </Badge>
            )}
          </Group>
          <Group gap="sm">
            <Text size="sm" aria-label="Signed in as">
              {me.user.displayName} · {ROLE_LABELS[me.user.role]}
            </Text>
            <Button size="xs" variant="subtle" color="white" component={RouterLink} to="/account">
              Password
            </Button>
            <Button size="xs" variant="white" color="brand.9" onClick={() => void session.lock()}>
              Lock
            </Button>
            <Button size="xs" variant="outline" color="white" onClick={() => void session.signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <Stack gap={2}>
          {NAV.filter((n) =>
            typeof n.permission === 'string'
              ? session.can(n.permission)
              : n.permission.some((p) => session.can(p)),
          ).map((n) => (
            <NavLink
              key={n.to}
              component={RouterLink}
              to={n.to}
              label={n.label}
              active={location.pathname.startsWith(n.to)}
              variant="filled"
              color="brand.8"
            />
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main bg="gray.0" id="main-content" tabIndex={-1}>
        {session.can('data.backup') && <DataHealthBanner />}
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
