import type { KrakenExecutionClient } from '../kraken/KrakenExecutionClient'
import { KrakenApiError, LocalRateLimitError } from '../kraken/rest/errors'
import type { KrakenFixClient } from '../kraken/fix/KrakenFixClient'
import type { KrakenWsPrivateClient } from '../kraken/ws/KrakenWsPrivateClient'

export interface RecoveryDeps {
  execution: KrakenExecutionClient
  ws: KrakenWsPrivateClient | null
  fix: KrakenFixClient | null
  /** orders the journal had as working when this run started */
  restored: ReadonlySet<string>
  log: (line: string) => void
  /** how long to wait for the private links before reconciling over REST anyway */
  waitMs?: number
  /** how long to keep retrying a reconcile that fails (rate limits, a dropped link) */
  retryBudgetMs?: number
}

/**
 * After a restart with a journal: wait until the private links are up (the WS executions snapshot
 * has arrived; the FIX session has logged on, so the venue's ResendRequest for anything we sent
 * but it missed has been answered and our stored ExecutionReports replayed), then ask REST what
 * became of every order and which fills happened while we were away. Orders journaled but
 * unknown at the venue are resolved as never sent.
 */
export async function recoverAfterRestart(
  d: RecoveryDeps,
): Promise<{ adopted: number; fills: number; notSent: string[] }> {
  const deadline = Date.now() + (d.waitMs ?? 10_000)
  const up = () => (!d.ws || d.ws.state === 'online') && (!d.fix || d.fix.state === 'online')
  while (!up() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  // a resend answered right after logon lands within a round trip or two
  if (d.fix?.state === 'online') await new Promise((r) => setTimeout(r, 300))
  if (!up()) d.log('recovery: private links not all up; reconciling over REST anyway')
  // Rate limits are the usual reason a reconcile fails right after a restart (Kraken's REST
  // counter still holds what the previous run spent): wait as long as the governor says.
  const giveUpAt = Date.now() + (d.retryBudgetMs ?? 60_000)
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await d.execution.reconcile({ restored: d.restored })
      d.log(
        `recovery: ${r.fills} fills recovered, ${r.adopted} orders adopted, ${r.notSent.length} never sent`,
      )
      return r
    } catch (e) {
      const wait =
        e instanceof LocalRateLimitError
          ? e.retryInMs + 50
          : e instanceof KrakenApiError && e.isRateLimit
            ? 1000 // the governor now assumes a full counter: the next try is refused locally with the exact wait
            : 500 * attempt
      if (Date.now() + wait > giveUpAt) throw e
      d.log(`recovery: reconcile paused (${(e as Error).message}); retrying in ${(wait / 1000).toFixed(1)} s`)
      await new Promise((r) => setTimeout(r, wait))
    }
  }
}
