import { timingSafeEqual } from 'node:crypto'
import {
  BRIDGE_PROTOCOL,
  TOKEN_CHECK_PATH,
  TOKEN_HEADER,
  TOKEN_PROTOCOL_PREFIX,
} from '../../../src-preload/contract/channels'

/**
 * Who may talk to the loopback host. Pure functions of request facts so each rule is unit-tested.
 * The bridge carries trading commands, so every check fails closed.
 */

export function isLoopbackAddress(addr: string | undefined): boolean {
  if (!addr) return false
  return addr === '::1' || /^127(\.\d{1,3}){3}$/.test(addr) || /^::ffff:127(\.\d{1,3}){3}$/.test(addr)
}

/** Hosts a browser may legitimately put in Host/Origin for us. Anything else is DNS rebinding or a foreign page. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`]
}

export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host !== undefined && allowedHosts(port).includes(host.toLowerCase())
}

export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  return origin !== undefined && allowedHosts(port).some((h) => origin.toLowerCase() === `http://${h}`)
}

/** The token rides in Sec-WebSocket-Protocol (browsers cannot set other headers on a WebSocket). */
export function tokenFromProtocols(header: string | undefined): string | null {
  if (!header) return null
  const parts = header.split(',').map((s) => s.trim())
  if (!parts.includes(BRIDGE_PROTOCOL)) return null
  const t = parts.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))
  return t ? t.slice(TOKEN_PROTOCOL_PREFIX.length) : null
}

export function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

export type UpgradeVerdict = { ok: true } | { ok: false; status: 401 | 403; reason: string }

export function checkBridgeUpgrade(
  req: {
    remoteAddress: string | undefined
    host: string | undefined
    origin: string | undefined
    protocols: string | undefined
  },
  port: number,
  token: string,
): UpgradeVerdict {
  if (!isLoopbackAddress(req.remoteAddress)) return { ok: false, status: 403, reason: 'not from loopback' }
  if (!isAllowedHost(req.host, port))
    return { ok: false, status: 403, reason: `host ${req.host ?? '(none)'} not allowed` }
  if (!isAllowedOrigin(req.origin, port))
    return { ok: false, status: 403, reason: `origin ${req.origin ?? '(none)'} not allowed` }
  if (!tokenMatches(tokenFromProtocols(req.protocols), token))
    return { ok: false, status: 401, reason: 'missing or wrong token' }
  return { ok: true }
}

/**
 * The page's token question (TOKEN_CHECK_PATH, TOKEN_HEADER: named once in the contract, shared
 * with the renderer): without it a wrong token looked like a lost connection and was retried
 * forever. Answers 204 (token good) or 401 (wrong).
 */
export { TOKEN_CHECK_PATH, TOKEN_HEADER }

export function checkTokenRequest(
  req: { remoteAddress: string | undefined; host: string | undefined; token: string | string[] | undefined },
  port: number,
  token: string,
): 204 | 401 | 403 {
  if (!isLoopbackAddress(req.remoteAddress) || !isAllowedHost(req.host, port)) return 403
  const given = typeof req.token === 'string' ? req.token : null
  return tokenMatches(given, token) ? 204 : 401
}
