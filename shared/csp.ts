/**
 * The renderer's Content Security Policy, used by the Electron protocol handler, the preview server and
 * the <meta> tag. Scripts only from the app itself; no eval, no remote origins, no plugins, no framing.
 * Inline styles are allowed because the component library sets CSS variables at run time.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
