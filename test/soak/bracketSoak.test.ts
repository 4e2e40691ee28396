import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { TridentCore } from '../../src-main/app/TridentCore'
import { BracketJournal } from '../../src-main/store/BracketJournal'
import { SimExchange } from '../../src-main/sim/SimExchange'
import type { BracketsView, ExitTemplateView } from '../../src-preload/contract/brackets'
import type { NoticesView, PlaceResult } from '../../src-preload/contract/types'
import { FaultProxy } from '../helpers/FaultProxy'
import { until } from '../helpers/until'
import { checkBrackets, percentile } from './bracketChecks'
import { LinkWatch } from './linkWatch'
import { SoakWindow } from './soakWindow'
import { VenueLedger } from './venueLedger'

/**
 * Bracket soak (issue 18): entries placed with exit templates through the contract
 * (`brackets.place`) against the built-in exchange's lively synthetic market, through the chaos
 * soak's fault-injecting proxies (every connection through the REST/WS or the FIX proxy cut every
 * 5–20 s, the FIX acceptor restarted once). At the end, against the exchange's own records, with
 * the bound = the longest reconnect seen plus a margin: after a leg's fill, no side of a bracket
 * kept offering more than the position left for longer than the bound (one cancels the other), no
 * bracket's legs filled past its size later than the bound after its first leg fill (an earlier
 * over-fill is a race the market won, counted and printed), no fill waited longer than the bound
 * for its legs to rest at the exchange, nothing lost or doubled, the journal agrees. TRIDENT_SOAK_SECONDS sets the length (default 90 here), as for
 * the chaos soak; TRIDENT_SOAK_SEED picks another run.
 */
const SECONDS = Number(process.env.TRIDENT_SOAK_SECONDS ?? 90)
const SEED = Number(process.env.TRIDENT_SOAK_SEED ?? 42)
/**
 * A fill may wait for its legs as long as the longest reconnect seen, plus this: the link watch
 * samples every 25 ms, and once a link is back the app learns the fill it missed (the executions
 * snapshot or the FIX resend), then sends each leg and waits for the exchange's answer — a few
 * round trips on a shared 2-core machine, where one event-loop turn of the soak can take 100+ ms.
 */
const MARGIN_MS = 1500
/**
 * TRIDENT_SOAK_UNPACED=1: the trader no longer leaves room in the rate counter, so legs and their
 * cancels meet the app's rate governor (what a busy trader would do); off by default, as the
 * soak is about cut connections.
 */
const PACED = process.env.TRIDENT_SOAK_UNPACED !== '1'
let rnd = (SEED * 2654435761) >>> 0 || 1
const random = (): number => {
  // xorshift32: the same entries and faults for the same seed
  rnd ^= rnd << 13
  rnd ^= rnd >>> 17
  rnd ^= rnd << 5
  return (rnd >>> 0) / 0x1_0000_0000
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!

/** one target; two targets split; stop-loss-limit; breakeven; trailing (ticks of 0.1 on BTC/USD) */
const TEMPLATES: Omit<ExitTemplateView, 'id'>[] = [
  {
    name: 'One target',
    targets: [{ offset: { ticks: 3 }, percent: 100 }],
    stop: { offset: { ticks: 3 }, type: 'stop-loss' },
  },
  {
    name: 'Two targets',
    targets: [
      { offset: { ticks: 2 }, percent: 50 },
      { offset: { ticks: 5 }, percent: 50 },
    ],
    stop: { offset: { ticks: 4 }, type: 'stop-loss' },
  },
  {
    name: 'Stop limit',
    targets: [{ offset: { ticks: 4 }, percent: 100 }],
    stop: { offset: { ticks: 3 }, type: 'stop-loss-limit', limitOffset: { ticks: 2 } },
  },
  {
    name: 'Breakeven',
    targets: [
      { offset: { price: '0.6' }, percent: 60 },
      { offset: { ticks: 9 }, percent: 40 },
    ],
    stop: { offset: { ticks: 5 }, type: 'stop-loss' },
    breakevenAfterTicks: 2,
  },
  {
    name: 'Trailing',
    targets: [{ offset: { ticks: 10 }, percent: 100 }],
    stop: { offset: { ticks: 3 }, type: 'stop-loss-limit', limitOffset: { ticks: 2 } },
    trailTicks: 3,
  },
]

const cleanup: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined)
})

describe('bracket soak', () => {
  it(
    `${SECONDS} s of brackets through cut connections: the OCO acts and every fill is protected within one reconnect`,
    async () => {
      const sim = new SimExchange({ seed: SEED, messagesPerSecond: 100, tier: 'pro' })
      const ep = await sim.start()
      cleanup.push(() => sim.stop())
      const ledger = new VenueLedger(sim.engine)
      const httpProxy = new FaultProxy({ host: '127.0.0.1', port: Number(new URL(ep.rest).port) })
      const fixProxy = new FaultProxy({ host: '127.0.0.1', port: ep.fix.port })
      const hp = await httpProxy.start()
      const fp = await fixProxy.start()
      cleanup.push(
        () => httpProxy.stop(),
        () => fixProxy.stop(),
      )
      const dataDir = mkdtempSync(join(tmpdir(), 'trident-bracket-soak-'))
      const cred = sim.credentials[0]!
      const core = new TridentCore({
        host: 'loopback',
        version: 'soak',
        dataDir,
        log: () => {},
        profile: {
          id: 'soak',
          kind: 'simulator',
          rest: `http://127.0.0.1:${hp}`,
          wsPublic: `ws://127.0.0.1:${hp}/v2`,
          wsPrivate: `ws://127.0.0.1:${hp}/auth/v2`,
          fix: { host: '127.0.0.1', port: fp, senderCompId: 'BRACKETS' },
          credentials: { apiKey: cred.apiKey, apiSecret: cred.apiSecret },
          tier: 'pro',
          dataDir: join(dataDir, 'profiles', 'soak'),
          // legs are protection: they must outlive a FIX cut
          cancelOnDisconnect: false,
        },
      })
      await core.start()
      cleanup.push(() => core.stop())
      const w = new SoakWindow(core)
      // a window on the BTC/USD book keeps the public feed in play (breakeven and trailing follow its touch)
      w.sub('book', { symbol: 'BTC/USD' })
      const bracketsSub = w.sub('brackets', {})
      // what Trident said about protection it could not give (a fill left unprotected, a leg it could not change)
      const warnings = new Map<number, string>()
      w.sub('notices', {}, (m) => {
        for (const x of (m as NoticesView).notices)
          if (/not protected|could not|not placed/.test(x.text)) warnings.set(x.id, x.text)
      })
      await until(
        () => core.execution?.context().links.fix && core.wsPrivate?.state === 'online',
        'links',
        30_000,
      )
      await until(() => core.wsPublic?.bookState('BTC/USD')?.status === 'live', 'book', 30_000)
      const templates: ExitTemplateView[] = []
      for (const t of TEMPLATES) templates.push(await w.ok<ExitTemplateView>('brackets.templates.save', t))
      const links = new LinkWatch({
        'ws private': () => core.wsPrivate?.state,
        fix: () => core.fix?.state,
      })
      cleanup.push(async () => links.stop())

      // ---------------------------------------------------------------- the trader
      const outcome = { placed: 0, marketable: 0, resting: 0, cancelled: 0, refused: 0, paced: 0 }
      const reasons = new Map<string, number>()
      const entries: { clOrdId: string; at: number }[] = []
      const protocols = ['ws', 'fix', 'rest'] as const
      const px = (units: number) => `${Math.floor(units / 10)}.${units % 10}`
      let n = 0
      const act = async (): Promise<void> => {
        n++
        const book = sim.engine.book('BTC/USD')
        const bid = book.bestBid()
        const ask = book.bestAsk()
        if (bid === null || ask === null) return
        const r = random()
        // a careful trader leaves room in Kraken's rate counter for the legs and their cancels
        // (the app refuses what would take it past its max, and a refused leg protects nothing)
        const c = core.governor?.load().trading.find((x) => x.symbol === 'BTC/USD')
        if (PACED && c && c.level > c.max / 2) return void outcome.paced++
        try {
          const working = entries.filter((e) => {
            const o = core.tracker.get(e.clOrdId)
            return o && (o.state === 'open' || o.state === 'partially-filled')
          })
          if (r < 0.2 && working.length) {
            // an old resting entry is given up (its fills so far keep their brackets)
            const e = working.sort((x, y) => x.at - y.at)[0]!
            if (Date.now() - e.at < 5000) return
            await core.trading.commands.cancel({ clOrdId: e.clOrdId, protocol: 'auto' })
            outcome.cancelled++
            return
          }
          // room for the legs: the trader's pre-trade limit is 50 working orders, and every fill
          // adds two or three (a leg refused by that limit leaves its fill unprotected)
          if (working.length >= 6 || core.tracker.working().length >= 36) return
          const side = random() < 0.5 ? 'buy' : 'sell'
          // marketable entries fill at once (often across several makers: several fills); resting
          // ones at or behind the touch fill when the synthetic taker comes, in parts
          const marketable = random() < 0.4
          const price = marketable
            ? side === 'buy'
              ? ask + 3
              : bid - 3
            : side === 'buy'
              ? bid - Math.floor(random() * 3)
              : ask + Math.floor(random() * 3)
          const res = await w.ok<PlaceResult>('brackets.place', {
            templateId: pick(templates).id,
            symbol: 'BTC/USD',
            side,
            type: 'limit',
            qty: pick(['0.00200000', '0.00300000', '0.00450000', '0.00600000']),
            limitPrice: px(price),
            protocol: protocols[n % 3]!,
            confirmed: true,
          })
          if (!('clOrdId' in res)) throw new Error(`asked to confirm: ${res.confirm}`)
          entries.push({ clOrdId: res.clOrdId, at: Date.now() })
          outcome.placed++
          if (marketable) outcome.marketable++
          else outcome.resting++
        } catch (e) {
          outcome.refused++
          const k = (e as Error).message.replace(/\d+(\.\d+)?/g, 'N').slice(0, 100)
          reasons.set(k, (reasons.get(k) ?? 0) + 1)
        }
      }

      // ---------------------------------------------------------------- the faults (as the chaos soak's)
      const faults: string[] = []
      const start = Date.now()
      const end = start + SECONDS * 1000
      let nextCut = start + 5000 + random() * 15_000
      let fixRestart: number | null = start + SECONDS * 600
      const inFlight = new Set<Promise<void>>()
      while (Date.now() < end) {
        const now = Date.now()
        if (now >= nextCut) {
          const proxy = random() < 0.5 ? httpProxy : fixProxy
          faults.push(
            `${((now - start) / 1000).toFixed(1)} s: cut ${proxy.cutAll()} ${proxy === httpProxy ? 'REST/WS' : 'FIX'} connections`,
          )
          nextCut = now + 5000 + random() * 15_000
        }
        if (fixRestart !== null && now >= fixRestart) {
          void sim.faults.restartFix()
          faults.push(`${((now - start) / 1000).toFixed(1)} s: restart the FIX acceptor`)
          fixRestart = null
        }
        const p: Promise<void> = act().finally(() => inFlight.delete(p))
        inFlight.add(p)
        await new Promise((r) => setTimeout(r, 250))
      }
      await Promise.all(inFlight)

      // ---------------------------------------------------------------- settle: links back, entries ended, legs resting
      await until(
        () =>
          core.wsPrivate?.state === 'online' &&
          core.fix?.state === 'online' &&
          core.wsPublic?.bookState('BTC/USD')?.status === 'live',
        'links back after the cuts',
        60_000,
      )
      // no new fills to protect from here on: every entry still resting is cancelled
      for (const e of entries) {
        const o = core.tracker.get(e.clOrdId)
        if (o && (o.state === 'open' || o.state === 'partially-filled'))
          await core.trading.commands.cancel({ clOrdId: e.clOrdId, protocol: 'auto' }).catch(() => undefined)
      }
      const journal = new BracketJournal(core.db, core.journal!.profile)
      let lookedAt = 0
      let unsettled: string | null = 'not looked at yet'
      /** what still moves, in words, or null once every entry ended and every leg answered */
      const stillMoving = (): string | null => {
        const open = entries.filter((e) => ledger.order(e.clOrdId)?.status === 'open')
        if (open.length) {
          // asked again until done: a cancel can be refused for the rate counter
          for (const e of open)
            void core.trading.commands.cancel({ clOrdId: e.clOrdId, protocol: 'auto' }).catch(() => undefined)
          return `${open.length} entries still open at the exchange`
        }
        const jb = journal.brackets()
        const pending = jb.flatMap((b) =>
          [b.stop, ...b.targets].filter(
            (l) => l.clOrdId && core.tracker.get(l.clOrdId)?.state === 'pending-new',
          ),
        )
        if (pending.length) return `${pending.length} legs pending at Trident`
        const shown = w.last<BracketsView>(bracketsSub)
        const count = shown?.entries.reduce((s, e) => s + e.brackets.length, 0) ?? 0
        if (count !== jb.length) return `the brackets topic shows ${count} brackets, the journal ${jb.length}`
        return null
      }
      await until(
        () => {
          // reading the whole journal back is not free: look at most every 200 ms
          if (Date.now() - lookedAt < 200) return false
          lookedAt = Date.now()
          unsettled = stillMoving()
          return unsettled === null
        },
        'entries ended and every leg answered',
        30_000,
      ).catch(() => undefined)
      const settledInTime = unsettled === null
      links.stop()
      const verdict = checkBrackets({
        ledger,
        entries: journal.entries(),
        brackets: journal.brackets(),
        tracked: (cl) => core.tracker.get(cl),
        boundMs: links.longestMs + MARGIN_MS,
        endAt: Date.now(),
        // BTC/USD's minimum at the built-in exchange, 0.00005 (src-main/sim/instruments.ts)
        orderminUnits: 5_000n,
        qtyScale: 100_000_000n,
      })

      const v = verdict
      const report = [
        `bracket soak: ${SECONDS} s, seed ${SEED}${PACED ? '' : ', unpaced'}: ${n} actions (${outcome.placed} entries placed: ${outcome.marketable} marketable, ${outcome.resting} resting; ${outcome.cancelled} cancelled, ${outcome.refused} refused in words, ${outcome.paced} skipped for the rate counter)`,
        `  exchange: ${v.entries} entries, ${v.entryFills} entry fills, ${v.brackets} brackets; legs placed ${v.legsPlaced}, filled ${v.legsFilled}, cancelled ${v.legsCancelled} (${v.ocoCancels} OCO cancels); shrinks ${v.shrinks}; breakeven/trailing stop moves ${v.stopMoves}`,
        `  faults: ${faults.length} (${httpProxy.cuts} REST/WS cuts, ${fixProxy.cuts} FIX cuts); reconnects WS ${core.wsPrivate!.reconnects}, FIX ${core.fix!.reconnects}; outages ${links.outages.length}, longest ${links.longestMs} ms (${links.longestWhat})`,
        `  one cancels the other: ${v.ocoWindowsMs.length} times a side offered more than the position left after a leg's fill, until cancelled or shrunk: p50 ${percentile(v.ocoWindowsMs, 0.5)} ms, p99 ${percentile(v.ocoWindowsMs, 0.99)} ms, max ${Math.max(0, ...v.ocoWindowsMs)} ms; late ${v.ocoLate.length}`,
        `  fill -> both legs resting at the exchange: p50 ${percentile(v.protectMs, 0.5)} ms, p99 ${percentile(v.protectMs, 0.99)} ms, max ${Math.max(0, ...v.protectMs.filter(Number.isFinite))} ms over ${v.protectMs.length} fills; bound ${links.longestMs + MARGIN_MS} ms (longest reconnect + ${MARGIN_MS} ms)`,
        `  violations: OCO late ${v.ocoLate.length}, over-filled after the bound ${v.overFilledLate.length}, fills unprotected past the bound ${v.unprotected.length}, lost ${v.lost.length}, doubled ${v.doubled.length}, journal disagrees ${v.journalDisagrees.length}, wrong state ${v.wrongState.length}; over-filled within the bound (a race: the market crossed the bracket first) ${v.overFilled.length}, refused in words ${v.refusedInWords}, below the venue minimum ${v.belowMinimum}, waiting under the minimum ${v.waitingUnderMinimum}; settled in time ${settledInTime}`,
      ]
      console.log(
        [
          ...report,
          ...faults.map((f) => `    ${f}`),
          ...[...reasons]
            .sort((x, y) => y[1] - x[1])
            .slice(0, 8)
            .map(([k, c]) => `    refused ${c} × ${k}`),
          ...[
            ...[...warnings.values()]
              .map((t) => t.replace(/\d+(\.\d+)?/g, 'N'))
              .reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>()),
          ]
            .sort((x, y) => y[1] - x[1])
            .slice(0, 8)
            .map(([k, c]) => `    said ${c} × ${k}`),
          ...(unsettled ? [`    not settled: ${unsettled}`] : []),
          ...[
            ...v.overFilledLate,
            ...v.overFilled,
            ...v.ocoLate,
            ...v.unprotected,
            ...v.lost,
            ...v.doubled,
            ...v.journalDisagrees,
            ...v.wrongState,
          ]
            .slice(0, 30)
            .map((x) => `    violation: ${x}`),
        ].join('\n'),
      )

      // Kraken has no native OCO: a market that crosses a whole bracket (target, then stop) faster
      // than a fill report and a cancel can travel over-fills it, and that race is counted and
      // printed above. What Trident owns is the reaction: no side offering more than the position
      // left for longer than one reconnect after a leg's fill, which is what fails here.
      expect(v.ocoLate).toEqual([])
      expect(v.overFilledLate).toEqual([])
      expect(v.unprotected).toEqual([])
      expect(v.lost).toEqual([])
      expect(v.doubled).toEqual([])
      expect(v.journalDisagrees).toEqual([])
      expect(v.wrongState).toEqual([])
      expect(settledInTime).toBe(true)
      // the soak really did what it says: cuts, fills protected, legs working against each other
      expect(httpProxy.cuts + fixProxy.cuts).toBeGreaterThan(0)
      expect(v.brackets).toBeGreaterThan(SECONDS / 3)
      expect(v.legsFilled).toBeGreaterThan(0)
      expect(v.ocoCancels).toBeGreaterThan(0)
    },
    (SECONDS + 180) * 1000,
  )
})
