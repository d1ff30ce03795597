import { app, shell, type Session, type WebContents } from 'electron';

import { isAllowedExternalUrl, isAppUrl } from './url-policy';

export { APP_ORIGIN, isAllowedExternalUrl, isAppUrl } from './url-policy';

/** The one place that opens anything outside the app. */
export function safeOpenExternal(raw: string): boolean {
  if (!isAllowedExternalUrl(raw)) return false;
  void shell.openExternal(raw);
  return true;
}

/**
 * Guards every web contents the app ever creates: no navigation away, no redirects, no new windows
 * (allowlisted links go to the user's browser instead), no <webview>.
 */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    safeOpenExternal(url);
    return { action: 'deny' };
  });
}

/** Deny-by-default: the app needs no camera, microphone, location, notifications or anything else. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

export function installGlobalGuards(): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}
