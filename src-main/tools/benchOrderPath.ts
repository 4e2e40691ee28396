import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { PerformanceObserver } from 'node:perf_hooks'
import { join } from 'node:path'
import { commandSchemaMap } from '../../src-preload/contract/contract'
import type { BookView } from '../../src-preload/contract/types'
import { clientFrameSchema, type ServerFrame } from '../../src-preload/contract/wire'
import { TridentCore } from '../app/TridentCore'
import { OrderTracker } from '../core/orders/OrderTracker'
import { DuplicateGuard } from '../core/risk/DuplicateGuard'
import { RiskManager } from '../core/risk/RiskManager'
import { OrderCommands } from '../features/orders/OrderCommands'
import { OrderService } from '../features/orders/OrderService'
import { AppMessageEncoder } from '../kraken/fix/appMessageEncoder'
import { FixOrderGateway } from '../kraken/fix/FixOrderGateway'
import { WsOrderGateway } from '../kraken/ws/WsOrderGateway'
import { KrakenFixSession } from '../kraken/fix/KrakenFixSession'
import { KrakenWsPrivateClient } from '../kraken/ws/KrakenWsPrivateClient'
import { FixSessionJournal } from '../store/FixSessionJournal'
import { OrderJournal } from '../store/OrderJournal'
import { SendLog } from '../store/SendLog'
import {
  fixedWork,
  onWritten,
  OrderProbe,
  OS_WRITE_STEP,
  percentiles,
  threadSchedule,
} from './orderPathProbes'
import { floorRequestText, floorSocket, leastJournaledWs, type WsSend } from './orderPathFloors'
import { GOAL_P99_US, printResult, slowOrders, type OrderPathResult, type SlowOrder } from './orderPathReport'

/**
 * `node out/main/bench.js --order-path`: the order path in main as a trader drives it (issue 20).
 * A real core against the built-in exchange (on its worker thread, as the app runs it) on
 * loopback; a window's `orders.place` frame, as JSON text, is parsed and handed to the session's
 * frame handler (zod, trader checks, venue checks, journal, gateway), and the time is taken until
 * the venue bytes are handed to the OS by the WS or FIX socket (`onWritten`, stamped by a probe around
 * that socket). One order per 100 ms per path; WS, floor, FIX, the logged floor and the least
 * journaled WS order take turns a sixth of a period apart, so each runs on a CPU that has gone
 * idle in between, as at a trader's pace. Each order is an IOC far from the touch, which the
 * venue ends at once, so nothing rests. A sixth turn times a fixed piece of JS (`fixedWork`),
 * none of the app's.
 *
 * The floor, in the same run at the same pace: the same frame text `JSON.parse`d and a JSON text
 * written to a loopback socket. Beside it, for scale only: that floor with a send-log line
 * appended to a file first (the least a path that journals an order before sending it can take
 * here); the least a journaled WS order can take (orderPathFloors.ts: that, with the frame
 * written by the app's own WebSocket, and no checks); and a warm pass of the same turns back to
 * back before the paced run (what the paths cost when the CPU has not gone idle in between).
 *
 * Each path's own OS write is split out, and the orders over the p99 goal are told apart: a GC
 * in them, the OS write more than half, main's thread kept off a CPU more than half (its
 * /proc schedstat, read around the order), or on a CPU all along. The built-in exchange is a
 * thread of this process: on a loopback write the kernel wakes it on the writer's CPU, where as
 * a normal thread it took the CPU from main mid-write (~1 ms) — most slow orders, until the
 * exchange's thread became SCHED_BATCH (sim/simWorkerMain.ts). A remote venue (Kraken) never
 * runs on the trader's CPU.
 */

/*
 * IOC buys well under the bid: the venue ends each at once (nothing rests, no cancel to send),
 * and the three pairs share the adds between Kraken's per-pair trading counters, which one pair
 * at 10-20 orders a second would fill within seconds (the governor would then refuse in words).
 */
const SYMBOLS = ['BTC/USD', 'ETH/USD', 'SOL/USD'] as const
const QTY: Record<string, string> = { 'BTC/USD': '0.001', 'ETH/USD': '0.01', 'SOL/USD': '1' }
const PERIOD_MS = 100
/** orders per path in the warm pass (back to back): the pro tier's counters take them beside the paced run */
const WARM_N = 30

type Path = 'ws' | 'fix' | 'floor' | 'floorLogged' | 'wsLeast' | 'work'

const PARSE_STEP = 'frame text JSON.parse'
const LATE_STEP = 'socket write after the frame handler returned'

interface Window {
  send(frame: unknown): number
  answer(id: number): Promise<ServerFrame & { k: 'res' }>
  frames: ServerFrame[]
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

async function waitFor<T>(probe: () => T | undefined | null | false, what: string, ms = 30_000): Promise<T> {
  const t0 = Date.now()
  for (;;) {
    const v = probe()
    if (v) return v
    if (Date.now() - t0 > ms) throw new Error(`order-path bench: timed out waiting for ${what}`)
    await sleep(5)
  }
}

function openWindow(core: TridentCore): Window {
  const frames: ServerFrame[] = []
  const session = core.attach({ send: (f) => frames.push(f), isCongested: () => false })
  let nextId = 1
  return {
    frames,
    send(frame) {
      const id = nextId++
      session.receive({ ...(frame as object), id })
      return id
    },
    answer: (id) =>
      waitFor(
        () => frames.find((f): f is ServerFrame & { k: 'res' } => f.k === 'res' && f.id === id),
        `the answer to frame ${id}`,
      ),
  }
}

/** The private fields the probes attach to (the app keeps them private; the bench only watches). */
function wsSocket(core: TridentCore): Socket | null {
  const ws = (core.wsPrivate as unknown as { ws: { _socket?: Socket } | null } | null)?.ws
  return ws?._socket ?? null
}
function fixSession(core: TridentCore): KrakenFixSession | null {
  return (core.fix as unknown as { session: KrakenFixSession | null } | null)?.session ?? null
}
function fixSocket(s: KrakenFixSession): Socket | null {
  const t = (s as unknown as { transport?: { duplex?: { socket?: Socket } } }).transport
  return t?.duplex?.socket ?? null
}

/** Installed in the order the path meets them: printed in that order, each step's parts after it. */
function installStepProbes(probe: OrderProbe): void {
  probe.time(clientFrameSchema, 'safeParse', 'zod: frame')
  probe.time(commandSchemaMap['orders.place'], 'safeParse', 'zod: orders.place payload')
  probe.untilWrite(OrderCommands.prototype, 'place', 'OrderCommands.place called -> socket write')
  probe.time(RiskManager.prototype, 'check', '  trader checks: risk limits (RiskManager.check)')
  probe.time(DuplicateGuard.prototype, 'check', '  trader checks: the same order again (DuplicateGuard)')
  probe.untilWrite(OrderService.prototype, 'place', 'OrderService.place called -> socket write')
  probe.time(OrderTracker.prototype, 'submit', '  tracker.submit')
  probe.time(OrderJournal.prototype, 'saveBeforeSend', '  journal: the order, before its send (send log)')
  probe.time(SendLog.prototype, 'append', '    of which: the send log line written')
  probe.untilWrite(WsOrderGateway.prototype, 'place', 'WS gateway place called -> socket write')
  probe.untilWrite(KrakenWsPrivateClient.prototype, 'request', 'WS: request called -> socket write')
  probe.untilWrite(FixOrderGateway.prototype, 'place', 'FIX gateway place called -> socket write')
  probe.time(AppMessageEncoder.prototype, 'encode', '  FIX: encode (AppMessageEncoder)')
  probe.time(FixSessionJournal.prototype, 'addWithSeqNums', '  FIX: message + numbers journaled (send log)')
  probe.time(
    KrakenFixSession.prototype as unknown as { putForResend: () => void },
    'putForResend',
    '  FIX: resender store put',
  )
  probe.untilWrite(KrakenFixSession.prototype, 'sendApp', 'FIX: sendApp called -> socket write')
}

export async function benchOrderPath(quick: boolean): Promise<OrderPathResult> {
  const n = quick ? 60 : 200
  console.log(
    `\nOrder path in main: orders.place frame text in -> venue bytes handed to the socket (${n} orders per path, one per ${PERIOD_MS} ms; µs)`,
  )
  const probe = new OrderProbe()
  installStepProbes(probe)
  const dataDir = mkdtempSync(join(tmpdir(), 'trident-order-path-'))
  const core = new TridentCore({
    host: 'loopback',
    version: 'bench',
    // Kraken's pro tier: the warm pass's orders fit its trading counters beside the paced run's
    sim: { seed: 20, messagesPerSecond: 0, tier: 'pro' },
    simThread: 'worker',
    dataDir,
  })
  const floor = await floorSocket()
  try {
    await core.start()
    const w = openWindow(core)
    await waitFor(
      () => core.execution?.context().links.fix && core.wsPrivate?.state === 'online',
      'WS private and FIX online',
    )
    // in ticks, exactly (decimal text, no float): 0.5% under the bid and up to 200 ticks more
    // (inside the 5% band), each order at its own price so none is asked about as a duplicate
    const bids = new Map<string, { bid: bigint; prec: number }>()
    for (const symbol of SYMBOLS) {
      const sub = w.send({ k: 'sub', topic: 'book', params: { symbol, depth: 10 } })
      const book = await waitFor(() => {
        const f = w.frames.findLast((x) => x.k === 'topic' && x.id === sub)
        const v = f && f.k === 'topic' ? (f.data as BookView) : null
        return v && v.bids.length > 0 ? v : null
      }, `the ${symbol} book`)
      w.send({ k: 'unsub', id: sub })
      const prec = book.pricePrecision
      const [whole, frac = ''] = book.bids[0]![0].split('.')
      bids.set(symbol, { bid: BigInt(whole! + frac.padEnd(prec, '0').slice(0, prec)), prec })
    }
    const order = (i: number) => {
      const symbol = SYMBOLS[i % SYMBOLS.length]!
      const { bid, prec } = bids.get(symbol)!
      const t = (bid - bid / 200n - BigInt(i % 200)).toString().padStart(prec + 1, '0')
      const limitPrice = prec ? `${t.slice(0, -prec)}.${t.slice(-prec)}` : t
      return { symbol, side: 'buy', type: 'limit', qty: QTY[symbol], limitPrice, tif: 'IOC' }
    }
    const watched = new WeakSet<Socket>()
    const watch = (s: Socket | null) => {
      if (s && !watched.has(s)) {
        watched.add(s)
        probe.watchWrites(s)
      }
    }
    const times: Record<Path, number[]> = {
      ws: [],
      fix: [],
      floor: [],
      floorLogged: [],
      wsLeast: [],
      work: [],
    }
    const warmTimes: Record<'ws' | 'fix' | 'floor' | 'work', number[]> = {
      ws: [],
      fix: [],
      floor: [],
      work: [],
    }
    const logFd = openSync(join(dataDir, 'floor.sendlog'), 'a')
    const steps: Record<'ws' | 'fix', Map<string, number[]>> = { ws: new Map(), fix: new Map() }
    const refused: string[] = []
    const floorWrite = floor.socket.write.bind(floor.socket)

    const tx = (fixSession(core) as unknown as { transport: { transmitter: { send: () => void } } }).transport
      .transmitter
    probe.time(tx, 'send', "FIX: jspurefix transmitter.send (the app's encoder declined)")
    const placeOne = async (path: 'ws' | 'fix', i: number, count: boolean): Promise<void> => {
      watch(path === 'ws' ? wsSocket(core) : fixSocket(fixSession(core)!))
      const text = JSON.stringify({
        k: 'cmd',
        id: 0,
        name: 'orders.place',
        payload: { ...order(i), protocol: path },
      })
      const before = threadSchedule()
      probe.arm()
      const t0 = performance.now()
      const frame = JSON.parse(text) as object
      const parsedAt = performance.now()
      const id = w.send(frame)
      const returnedAt = performance.now()
      const after = threadSchedule()
      await waitFor(
        () => probe.wroteAt || w.frames.find((f) => f.k === 'res' && f.id === id && !f.ok),
        `the ${path} order's bytes`,
        5_000,
      )
      if (!probe.wroteAt)
        throw new Error(`the ${path} order was refused: ${JSON.stringify(await w.answer(id))}`)
      probe.settle()
      probe.add(PARSE_STEP, (parsedAt - t0) * 1000)
      probe.disarm()
      const tookUs = (probe.wroteAt - t0) * 1000
      if (count) (warmPass ? warmTimes : times)[path].push(tookUs)
      // the paced run's orders only: their steps and what made the slow ones slow
      const paced = count && !warmPass
      if (paced && tookUs > GOAL_P99_US)
        slow[path].push({ t0, end: probe.wroteAt, osUs: probe.steps.get(OS_WRITE_STEP) ?? 0, before, after })
      const late = Math.max(0, probe.wroteAt - returnedAt) * 1000
      for (const [k, v] of paced ? [...probe.steps, [LATE_STEP, late] as const] : []) {
        const list = steps[path].get(k) ?? []
        list.push(v)
        steps[path].set(k, list)
      }
      probe.steps.clear()
      if (warmPass) unanswered.push([path, id])
      else await answered(path, id)
    }
    const answered = async (path: string, id: number): Promise<void> => {
      const res = await w.answer(id)
      if (!res.ok) refused.push(`${path}: ${res.error.message}`)
    }
    const unanswered: [string, number][] = []
    // the floor's clock stops where the app's do: when its bytes are handed to the OS
    let floorWroteAt = 0
    let floorOsUs = 0
    const floorOs: number[] = []
    onWritten(floor.socket, (enteredAt) => {
      floorWroteAt = performance.now()
      floorOsUs = (floorWroteAt - enteredAt) * 1000
    })
    // logged: a send-log line appended to a file first, as the app does before its socket write
    const floorOne = (count: boolean, logged = false): void => {
      floorWroteAt = 0
      const t0 = performance.now()
      const out = floorRequestText()
      if (logged) writeSync(logFd, `${out}\n`)
      floorWrite(out)
      if (!count) return
      const into = warmPass ? warmTimes.floor : logged ? times.floorLogged : times.floor
      into.push((floorWroteAt - t0) * 1000)
      if (into === times.floor) floorOs.push(floorOsUs)
    }

    const leastWs = leastJournaledWs({
      probe,
      logFd,
      watch: () => watch(wsSocket(core)),
      ws: () => (core.wsPrivate as unknown as { ws: WsSend }).ws,
    })
    const leastWsOne = (count: boolean): void => {
      const us = leastWs()
      if (count) times.wsLeast.push(us)
    }

    // orders over the p99 goal, told apart: the OS write itself, a GC in them, or the rest
    const slow: Record<'ws' | 'fix', SlowOrder[]> = { ws: [], fix: [] }
    const gcs: { start: number; end: number }[] = []
    const gcSeen = new PerformanceObserver((l) => {
      for (const e of l.getEntries()) gcs.push({ start: e.startTime, end: e.startTime + e.duration })
    })
    gcSeen.observe({ entryTypes: ['gc'] })
    const warm = quick ? 5 : 10
    // the warm pass: the same turns back to back, the answers read after the last, so the CPU
    // never idles between them (for comparison only: the goals are at a trader's pace)
    let warmPass = true
    for (let i = -warm; i < WARM_N; i++) {
      // prices 90-129 ticks under the mark: the paced run reaches them seconds after (no duplicate asked)
      await placeOne('ws', 3 * n + 100 + i, i >= 0)
      floorOne(i >= 0)
      await placeOne('fix', 4 * n + 100 + i, i >= 0)
      const us = fixedWork()
      if (i >= 0) warmTimes.work.push(us)
    }
    warmPass = false
    for (const [path, id] of unanswered.splice(0)) await answered(path, id)
    // a trader's pace: six turns a sixth of a period apart, each on a CPU idle in between
    for (let i = -warm; i < n; i++) {
      const start = performance.now()
      const slot = async (k: number) => {
        const wait = start + (k * PERIOD_MS) / 6 - performance.now()
        if (wait > 0) await sleep(wait)
      }
      // the first turns warm up (not counted)
      await placeOne('ws', i + n, i >= 0)
      await slot(1)
      floorOne(i >= 0)
      await slot(2)
      await placeOne('fix', i + 2 * n, i >= 0)
      await slot(3)
      floorOne(i >= 0, true)
      await slot(4)
      leastWsOne(i >= 0)
      await slot(5)
      const us = fixedWork()
      if (i >= 0) times.work.push(us)
      await slot(6)
    }
    closeSync(logFd)
    if (refused.length) console.log(`  refused: ${refused.length} (first: ${refused[0]})`)
    const r: OrderPathResult = {
      ws: percentiles(times.ws),
      fix: percentiles(times.fix),
      floor: percentiles(times.floor),
      floorLogged: percentiles(times.floorLogged),
      wsLeast: percentiles(times.wsLeast),
      work: percentiles(times.work),
      warm: {
        ws: percentiles(warmTimes.ws),
        fix: percentiles(warmTimes.fix),
        floor: percentiles(warmTimes.floor),
        work: percentiles(warmTimes.work),
      },
    }
    // printed in the order the probes were installed, each step's parts after it
    const rank = [PARSE_STEP, ...probe.order, OS_WRITE_STEP, LATE_STEP]
    for (const path of ['ws', 'fix'] as const)
      steps[path] = new Map([...steps[path]].sort(([a], [b]) => rank.indexOf(a) - rank.indexOf(b)))
    printResult(r, steps, percentiles(floorOs))
    gcSeen.disconnect()
    for (const path of ['ws', 'fix'] as const)
      console.log(`    ${path.toUpperCase()} ${slowOrders(slow[path], gcs, n)}`)
    return r
  } finally {
    floor.close()
    await core.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
