import type { LinkState } from '../../../src-domain/links'
import type { Reconciler, ReconcileResult } from './Reconciler'

export interface RecoveryDeps {
  /** what reconciles: the Reconciler (VenueExecution answers the same while it exists) */
  execution: Pick<Reconciler, 'reconcile'>
  /** the private links, only for their state (null: not in this profile) */
  ws: { state: LinkState } | null
  fix: { state: LinkState } | null
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
  d: RecoveryDeps & { retryWait: (e: unknown, attempt: number) => number },
): Promise<ReconcileResult> {
  const deadline = Date.now() + (d.waitMs ?? 10_000)
  const up = () => (!d.ws || d.ws.state === 'online') && (!d.fix || d.fix.state === 'online')
  while (!up() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  // a resend answered right after logon lands within a round trip or two
  if (d.fix?.state === 'online') await new Promise((r) => setTimeout(r, 300))
  if (!up()) d.log('recovery: private links not all up; reconciling over REST anyway')
  // a failed reconcile is retried after the wait the venue's policy names (rate limits, mostly)
  const giveUpAt = Date.now() + (d.retryBudgetMs ?? 60_000)
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await d.execution.reconcile({ restored: d.restored })
      d.log(
        `recovery: ${r.fills} fills recovered, ${r.adopted} orders adopted, ${r.notSent.length} never sent`,
      )
      return r
    } catch (e) {
      const wait = d.retryWait(e, attempt)
      if (Date.now() + wait > giveUpAt) throw e
      d.log(`recovery: reconcile paused (${(e as Error).message}); retrying in ${(wait / 1000).toFixed(1)} s`)
      await new Promise((r) => setTimeout(r, wait))
    }
  }
}
