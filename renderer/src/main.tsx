import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import 'dayjs/locale/en-gb';
import './styles.css';
import '../../shared/zod-en-gb';
import {
  Alert,
  Checkbox,
  createTheme,
  Radio,
  MantineProvider,
  type CSSVariablesResolver,
  type MantineColorsTuple,
} from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from './api/client';
import { connectChangeStream, connectInvalidation, createQueryClient } from './api/queries';
import { App } from './app/App';
import { SessionProvider } from './app/session';

/**
 * A dark teal whose working shades (7 to 9) keep text at WCAG AA contrast (4.5:1 or better) on white,
 * checked by axe-core in the end-to-end tests.
 */
const brand: MantineColorsTuple = [
  '#e6f4f1',
  '#c3e4dd',
  '#9dd3c7',
  '#74c1b0',
  '#4fae9a',
  '#2f9a85',
  '#1c8572',
  '#0f6e5e',
  '#0b5a4d',
  '#06463c',
];

const theme = createTheme({
  colors: { brand },
  primaryColor: 'brand',
  primaryShade: 7,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
  defaultRadius: 'sm',
  // WCAG 2.5.8: every target at least 24 x 24 px (Mantine's default checkboxes and radios are 20 px).
  components: {
    Checkbox: Checkbox.extend({ defaultProps: { size: 'md' } }),
    // Every light alert reads as dark text on a pale fill with the colour in its border (issue 18: a shade
    // index such as "red.9" made Mantine fill the box with the strong colour, black or red text on red).
    Alert: Alert.extend({
      styles: (_theme, props) => {
        const color = typeof props.color === 'string' ? props.color : 'brand';
        const base = /^[a-z]+(\.\d)?$/.test(color) ? color.split('.')[0] : null;
        if (!base || (props.variant && props.variant !== 'light')) return {};
        return {
          root: {
            backgroundColor: `var(--mantine-color-${base}-0)`,
            border: `1px solid var(--mantine-color-${base}-8)`,
          },
          title: { color: 'var(--mantine-color-dark-9)' },
          message: { color: 'var(--mantine-color-dark-9)' },
        };
      },
    }),
    Radio: Radio.extend({ defaultProps: { size: 'md' } }),
  },
});

/**
 * Mantine's default "dimmed" grey is 3.3:1 on white and its error red 3.3:1; these are 8:1 and 5.4:1
 * (WCAG AA), so hints and messages next to fields stay readable.
 */
const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#495057', '--mantine-color-error': '#c92a2a' },
  dark: {},
});

const queryClient = createQueryClient();
// Every successful write refreshes the screens that show what it changed (shared/ipc/invalidation.ts).
connectInvalidation(api, queryClient);
// On a team server, what others save refreshes the same screens (the server's change stream).
connectChangeStream(api, queryClient);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
      {/* Calendars in en-GB (weeks from Monday) whatever the machine's locale. */}
      <DatesProvider settings={{ locale: 'en-gb', firstDayOfWeek: 1 }}>
        <QueryClientProvider client={queryClient}>
          <SessionProvider>
            <App />
          </SessionProvider>
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  </StrictMode>,
);
// A signal for tests and the first-paint measurement: the shell has rendered once.
requestAnimationFrame(() => performance.mark('alongside:first-paint'));
