/**
 * The renderer's Content Security Policy. No inline script, no eval, no remote content; the only
 * network the renderer may use is the loopback bridge (in Electron it uses none at all).
 * index.html carries the same policy in a meta tag so it also holds for file:// loads.
 */
export function rendererCsp(bridgeOrigin?: string): string {
  const connect = bridgeOrigin ? `'self' ${bridgeOrigin}` : `'self'`
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ')
}
