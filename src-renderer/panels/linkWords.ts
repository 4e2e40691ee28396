import type { ConnectionView } from '../../src-preload/contract/types'

/** After this long without a call, the REST link is "idle" (it has no stream to go quiet). */
export const REST_IDLE_MS = 60_000

function ago(ms: number): string {
  return ms < 1000
    ? `${ms} ms`
    : ms < 120_000
      ? `${(ms / 1000).toFixed(1)} s`
      : `${Math.round(ms / 60_000)} min`
}

/**
 * REST has no stream and no heartbeat: "online, heard 827 s ago" read as a dead link. Its words
 * say it is ready and when it was last used, or that it is idle — never a stale "online".
 * Streams (WS, FIX) keep their state words; this is only for request/response links.
 */
export function restWords(
  l: Pick<ConnectionView, 'protocol' | 'state' | 'lastHeardAt'>,
  now: number,
): { state: string; used: string } | null {
  if (l.protocol !== 'rest' || l.state !== 'online') return null
  if (l.lastHeardAt === null) return { state: 'ready', used: 'not used yet' }
  const age = Math.max(0, now - l.lastHeardAt)
  return age > REST_IDLE_MS
    ? { state: 'idle', used: `idle · used ${ago(age)} ago` }
    : { state: 'ready', used: `used ${ago(age)} ago` }
}
