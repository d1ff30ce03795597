/** Pure URL rules for the main process (no Electron import, so they are unit-tested under Node). */

/** The only origin our windows may show. */
export const APP_ORIGIN = 'app://alongside';

/** Hosts that may be opened in the user's browser (guidance the app links to). Everything else is refused. */
const EXTERNAL_ALLOWLIST = new Set([
  'www.nhs.uk',
  'www.fpm.ac.uk',
  'icd.who.int',
  'www.nice.org.uk',
  'bnf.nice.org.uk',
]);

/** https only, an allowlisted host, and no credentials in the URL. */
export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    EXTERNAL_ALLOWLIST.has(url.hostname) &&
    url.username === '' &&
    url.password === ''
  );
}

/** True for our own pages only (app://alongside/...), never a look-alike host. */
export function isAppUrl(raw: string | undefined): boolean {
  if (typeof raw !== 'string') return false;
  try {
    const url = new URL(raw);
    return url.protocol === 'app:' && url.host === 'alongside';
  } catch {
    return false;
  }
}
