import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { TridentCore } from '../../src-main/app/TridentCore'
import type { TrackedOrder } from '../../src-main/core/orders/OrderTracker'
import type { SimOrder } from '../../src-main/sim/engine/types'
import { SimExchange } from '../../src-main/sim/SimExchange'
import { FaultProxy } from '../helpers/FaultProxy'
import { until } from '../helpers/until'
import { seededRandom } from './seededRandom'

/**
 * Chaos soak: the app core trades against the built-in exchange through fault-injecting TCP
 * proxies (REST+WS, FIX) while a scripted trader sends ~20 actions/s (place, amend, cancel)
 * across WS, FIX and REST. Faults: every 5–20 s a cut of every connection through one proxy;
 * WS frames delayed and reordered; one corrupted book checksum; the feed paused; the FIX
 * acceptor restarted. At the end the app's journal is compared with the exchange's own records.
 * TRIDENT_SOAK_SECONDS sets the length (CI default 120; `npm run soak` for 600).
 */
const SECONDS = Number(process.env.TRIDENT_SOAK_SECONDS ?? 120)
const SEED = Number(process.env.TRIDENT_SOAK_SEED ?? 42)
// the same faults and orders for the same seed
const random = seededRandom(SEED)

const cleanup: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined)
})

describe('chaos soak', () => {
  it(
    `${SECONDS} s of trading through faults: nothing lost, nothing doubled, every state right`,
    async () => {
      const sim = new SimExchange({ seed: SEED, messagesPerSecond: 100, tier: 'pro' })
      const ep = await sim.start()
      cleanup.push(() => sim.stop())
      // the exchange prunes its oldest closed orders (it keeps 50,000 across every account, and
      // the synthetic traders make many): keep our own record of every order of ours it accepted
      const accepted = new Map<string, SimOrder>()
      sim.engine.onEvents((events) => {
        for (const e of events)
          if (e.kind === 'order' && e.order.account === 'trader') accepted.set(e.order.id, e.order)
      })
      const httpProxy = new FaultProxy({ host: '127.0.0.1', port: Number(new URL(ep.rest).port) })
      const fixProxy = new FaultProxy({ host: '127.0.0.1', port: ep.fix.port })
      const hp = await httpProxy.start()
      const fp = await fixProxy.start()
      cleanup.push(
        () => httpProxy.stop(),
        () => fixProxy.stop(),
      )
      const dataDir = mkdtempSync(join(tmpdir(), 'trident-soak-'))
      const cred = sim.credentials[0]!
      const log: string[] = []
      const core = new TridentCore({
        host: 'loopback',
        version: 'soak',
        dataDir,
        log: (l) => log.push(l),
        profile: {
          id: 'soak',
          kind: 'simulator',
          rest: `http://127.0.0.1:${hp}`,
          wsPublic: `ws://127.0.0.1:${hp}/v2`,
          wsPrivate: `ws://127.0.0.1:${hp}/auth/v2`,
          fix: { host: '127.0.0.1', port: fp, senderCompId: 'CHAOS' },
          credentials: { apiKey: cred.apiKey, apiSecret: cred.apiSecret },
          tier: 'pro',
          dataDir: join(dataDir, 'profiles', 'soak'),
          // orders outlive FIX cuts, so fills keep coming while the session is down
          cancelOnDisconnect: false,
        },
      })
      await core.start()
      cleanup.push(() => core.stop())
      // a window showing the BTC/USD book keeps the public feed (and its checksums) in play
      const session = core.attach({ who: 'soak', send: () => {}, isCongested: () => false })
      session.receive({ k: 'sub', id: 1, topic: 'book', params: { symbol: 'BTC/USD' } })
      await until(
        () => core.execution?.context().links.fix && core.wsPrivate?.state === 'online',
        'links',
        30_000,
      )
      await until(() => core.wsPublic?.bookState('BTC/USD')?.status === 'live', 'book', 30_000)

      // ---------------------------------------------------------------- the scripted trader
      const outcome = { placed: 0, amended: 0, cancelled: 0, refused: 0 }
      const reasons = new Map<string, number>()
      const refuse = (e: unknown): void => {
        outcome.refused++
        const k = (e as Error).message.replace(/\d+(\.\d+)?/g, 'N').slice(0, 90)
        reasons.set(k, (reasons.get(k) ?? 0) + 1)
      }
      const protocols = ['ws', 'fix', 'rest'] as const
      const tick = (): string | null => {
        const b = sim.engine.book('BTC/USD')
        const bid = b.bestBid()
        const ask = b.bestAsk()
        if (bid === null || ask === null) return null
        // near the touch: some cross and fill, some rest and get amended or cancelled
        const t = random() < 0.5 ? bid - Math.floor(random() * 4) : ask + Math.floor(random() * 4)
        return `${Math.floor(t / 10)}.${t % 10}`
      }
      let n = 0
      const act = async (): Promise<void> => {
        n++
        const working = core.tracker.working().filter((o) => o.venueOrderId && o.symbol === 'BTC/USD')
        const r = random()
        try {
          if (r < 0.5 || working.length === 0) {
            const price = tick()
            if (!price) return
            await core.trading.commands.place({
              symbol: 'BTC/USD',
              side: n % 2 ? 'buy' : 'sell',
              type: 'limit',
              qty: '0.0002',
              limitPrice: price,
              tif: 'GTC',
              protocol: protocols[n % 3]!,
              confirmed: true,
            })
            outcome.placed++
          } else if (r < 0.75) {
            const o = working[Math.floor(random() * working.length)]!
            const price = tick()
            if (!price) return
            await core.trading.commands.amend({ clOrdId: o.clOrdId, limitPrice: price, protocol: 'auto' })
            outcome.amended++
          } else {
            const o = working[Math.floor(random() * working.length)]!
            await core.trading.commands.cancel({ clOrdId: o.clOrdId, protocol: 'auto' })
            outcome.cancelled++
          }
        } catch (e) {
          refuse(e)
        }
      }

      // ---------------------------------------------------------------- the faults
      const faults: string[] = []
      const start = Date.now()
      const end = start + SECONDS * 1000
      let nextCut = start + 5000 + random() * 15_000
      const oneOffs = [
        {
          at: start + SECONDS * 200,
          what: 'corrupt one book checksum',
          run: () => sim.faults.corruptNextChecksums(1),
        },
        {
          at: start + SECONDS * 350,
          what: 'delay and reorder WS frames for 3 s',
          run: () => sim.faults.delayMessages(40, true),
        },
        {
          at: start + SECONDS * 350 + 3000,
          what: 'WS frames back to normal',
          run: () => sim.faults.delayMessages(0, false),
        },
        { at: start + SECONDS * 500, what: 'pause the feed 4 s', run: () => sim.faults.pauseFeed(true) },
        { at: start + SECONDS * 500 + 4000, what: 'resume the feed', run: () => sim.faults.pauseFeed(false) },
        {
          at: start + SECONDS * 650,
          what: 'restart the FIX acceptor',
          run: () => void sim.faults.restartFix(),
        },
      ]
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
        for (const f of oneOffs.filter((x) => x.at <= now)) {
          f.run()
          faults.push(`${((now - start) / 1000).toFixed(1)} s: ${f.what}`)
          oneOffs.splice(oneOffs.indexOf(f), 1)
        }
        const p: Promise<void> = act().finally(() => inFlight.delete(p))
        inFlight.add(p)
        await new Promise((r) => setTimeout(r, 50))
      }
      await Promise.all(inFlight)

      // ---------------------------------------------------------------- settle, reconcile, compare
      sim.faults.delayMessages(0, false)
      sim.faults.pauseFeed(false)
      await until(
        () =>
          core.wsPrivate?.state === 'online' &&
          core.fix?.state === 'online' &&
          core.wsPublic?.bookState('BTC/USD')?.status === 'live',
        'links back after the chaos',
        60_000,
      )
      await new Promise((r) => setTimeout(r, 2000))
      // what the app does after trouble: ask the venue (here once, explicitly, when all is up)
      const pendingBefore = new Set(
        core.tracker
          .working()
          .filter((o) => o.state === 'pending-new')
          .map((o) => o.clOrdId),
      )
      await core.execution!.reconcile({ restored: pendingBefore })
      await new Promise((r) => setTimeout(r, 1000))

      // the exchange and the app compared; the market keeps trading and the last reports may still
      // be on their way, so this is asked again until they agree (or 30 s pass), never read once
      const compare = () => {
        for (const o of sim.engine.orders.values()) if (o.account === 'trader') accepted.set(o.id, o)
        const venue = [...accepted.values()]
        const byCl = new Map<string, number>()
        for (const o of venue) if (o.clOrdId) byCl.set(o.clOrdId, (byCl.get(o.clOrdId) ?? 0) + 1)
        const duplicateOrders = [...byCl.values()].filter((c) => c > 1).length
        const ours = core.tracker.all()
        const unknownToUs = venue.filter(
          (v) => v.clOrdId && !core.tracker.get(v.clOrdId) && !core.tracker.byOrderId(v.id),
        )
        const stateOf: Record<string, TrackedOrder['state']> = {
          open: 'open',
          closed: 'filled',
          canceled: 'cancelled',
          expired: 'expired',
        }
        const wrongState: string[] = []
        for (const o of ours) {
          const v = o.venueOrderId ? accepted.get(o.venueOrderId) : venue.find((x) => x.clOrdId === o.clOrdId)
          if (!v) {
            if (o.state === 'pending-new' || o.state === 'open' || o.state === 'partially-filled')
              wrongState.push(`${o.clOrdId} ${o.protocol} ${o.state} but unknown at the venue`)
            continue
          }
          const want = v.status === 'open' && v.filled > 0n ? 'partially-filled' : stateOf[v.status]
          const filled = (Number(v.filled) / 1e8).toFixed(8)
          if (o.state !== want || o.filledQty !== filled)
            wrongState.push(
              `${o.clOrdId} ${o.protocol}: ours ${o.state} ${o.filledQty}, venue ${want} ${filled}`,
            )
        }
        const venueFills = new Set(
          sim.engine.fills.filter((f) => f.account === 'trader').map((f) => `${f.symbol}:${f.tradeSeq}`),
        )
        const ourFills = ours.flatMap((o) => o.fills.map((f) => f.tradeId))
        const ourFillSet = new Set(ourFills)
        const lostFills = [...venueFills].filter((f) => !ourFillSet.has(f))
        const duplicateFills = ourFills.length - ourFillSet.size
        const journalFills = core.journal!.fillCount()
        const fixState = (
          sim.fix as unknown as {
            deps: { store: { get: (id: string) => { nextIn: number; nextOut: number } } }
          }
        ).deps.store.get('FIX.4.4:CHAOS->KRAKEN-TRD')
        const seq = core.fix!.seqNums!
        const fixInSync = fixState.nextIn === seq.nextOut && fixState.nextOut - 1 === seq.lastIn
        const book = core.wsPublic!.bookState('BTC/USD')!
        const [simBid] = sim.engine.book('BTC/USD').topL2('bid', 1)
        const view = book.engine!.view(1)
        const bookInSync = book.status === 'live' && view.bids[0]![0].replace('.', '') === String(simBid![0])
        return {
          venue,
          duplicateOrders,
          ours,
          unknownToUs,
          wrongState,
          venueFills,
          ourFillSet,
          lostFills,
          duplicateFills,
          journalFills,
          fixInSync,
          book,
          bookInSync,
        }
      }
      const agrees = (c: ReturnType<typeof compare>) =>
        c.lostFills.length === 0 &&
        c.duplicateFills === 0 &&
        c.journalFills === c.venueFills.size &&
        c.duplicateOrders === 0 &&
        c.unknownToUs.length === 0 &&
        c.wrongState.length === 0 &&
        c.fixInSync &&
        c.bookInSync
      let last = compare()
      await until(() => agrees((last = compare())), 'the app and the exchange to agree', 30_000).catch(
        () => undefined,
      )
      const {
        venue,
        duplicateOrders,
        ours,
        unknownToUs,
        wrongState,
        venueFills,
        ourFillSet,
        lostFills,
        duplicateFills,
        journalFills,
        fixInSync,
        book,
        bookInSync,
      } = last

      const report = [
        `soak: ${SECONDS} s, seed ${SEED}: ${n} actions (${outcome.placed} placed, ${outcome.amended} amended, ${outcome.cancelled} cancelled, ${outcome.refused} refused in words)`,
        `  venue: ${venue.length} orders, ${venueFills.size} fills; app: ${ours.length} orders, ${ourFillSet.size} fills (${journalFills} in the journal)`,
        `  faults: ${faults.length} (${httpProxy.cuts} REST/WS cuts, ${fixProxy.cuts} FIX cuts); reconnects WS ${core.wsPrivate!.reconnects}, FIX ${core.fix!.reconnects}; book checksum resyncs ${book.checksumFailures}`,
        `  lost fills ${lostFills.length}, duplicate fills ${duplicateFills}, duplicate orders ${duplicateOrders}, orders unknown to the app ${unknownToUs.length}, orders in a wrong final state ${wrongState.length}, FIX sequence in sync ${fixInSync}, book in sync ${bookInSync}`,
      ]
      console.log(
        [
          ...report,
          ...faults.map((f) => `    ${f}`),
          ...[...reasons]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 8)
            .map(([k, c]) => `    refused ${c} × ${k}`),
          ...wrongState.slice(0, 20).map((w) => `    wrong: ${w}`),
          // orders the venue refused or never received (its records hold only accepted orders)
          ...[
            ...ours
              .filter((o) => o.state === 'rejected')
              .reduce((m, o) => {
                const k = (o.reason ?? '?').replace(/\d+(\.\d+)?/g, 'N').slice(0, 80)
                return m.set(k, (m.get(k) ?? 0) + 1)
              }, new Map<string, number>()),
          ]
            .sort((x, y) => y[1] - x[1])
            .slice(0, 6)
            .map(([k, c]) => `    rejected ${c} × ${k}`),
        ].join('\n'),
      )

      expect(lostFills).toEqual([])
      expect(duplicateFills).toBe(0)
      expect(journalFills).toBe(venueFills.size)
      expect(duplicateOrders).toBe(0)
      expect(unknownToUs.map((v) => v.clOrdId)).toEqual([])
      expect(wrongState).toEqual([])
      expect(fixInSync).toBe(true)
      expect(bookInSync).toBe(true)
      expect(httpProxy.cuts + fixProxy.cuts).toBeGreaterThan(0)
      // the script really traded: more than one request a second reached the venue. Kraken's
      // counter is the limit (the rest is refused by the governor in words). Since the governor
      // keeps its last points for cancels, the cancels go out and spend the counter the adds had:
      // 120 s, seed 42, before 438 placed, 57 amended, 10 cancelled (546 cancels refused); after
      // 130, 16 and 54 (12 refused)
      expect(outcome.placed + outcome.amended + outcome.cancelled).toBeGreaterThan(SECONDS)
    },
    (SECONDS + 150) * 1000,
  )
})
