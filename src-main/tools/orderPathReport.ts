import { percentiles, us, type Percentiles, type ThreadSchedule } from './orderPathProbes'

/** The order path's goals (issue 20): p50 within 2× the floor's, p99 within 1 ms. */
export const GOAL_RATIO = 2
export const GOAL_P99_US = 1000

export interface OrderPathResult {
  ws: Percentiles
  fix: Percentiles
  floor: Percentiles
  /** the floor with a send-log line written to a file first (what journaling before a send costs here) */
  floorLogged: Percentiles
  /** the least a journaled WS order takes: floorLogged with the frame written by the app's WebSocket */
  wsLeast: Percentiles
  /** the same fixed piece of JS each turn (none of the app's): what going idle costs on this machine */
  work: Percentiles
  /** the same turns back to back, caches warm: what the paths cost when the CPU has not gone idle */
  warm: { ws: Percentiles; fix: Percentiles; floor: Percentiles; work: Percentiles }
}

export interface SlowOrder {
  t0: number
  end: number
  osUs: number
  /** main thread's schedule read just before and just after the order (null: not Linux) */
  before: ThreadSchedule | null
  after: ThreadSchedule | null
}

/**
 * How many orders were over the p99 goal, and what took their time: a GC, the OS write, the
 * kernel keeping main's thread off a CPU (runnable, waiting: another thread had the core), or
 * main on a CPU all along (its own work, run slowly).
 */
export function slowOrders(slow: SlowOrder[], gcs: { start: number; end: number }[], n: number): string {
  let os = 0
  let gc = 0
  let waited = 0
  let onCpu = 0
  for (const o of slow) {
    const wallUs = (o.end - o.t0) * 1000
    const s = o.before && o.after
    if (gcs.some((g) => g.start < o.end && g.end > o.t0)) gc++
    else if (o.osUs * 2 > wallUs) os++
    else if (s && (o.after!.waitUs - o.before!.waitUs) * 2 > wallUs) waited++
    else onCpu++
  }
  return `orders over ${us(GOAL_P99_US)} µs: ${slow.length} of ${n} (a GC in them: ${gc}; the OS write more than half: ${os}; main's thread waiting for a CPU more than half: ${waited}; else, on a CPU all along: ${onCpu})`
}

const line = (name: string, p: Percentiles, goal = '') =>
  console.log(
    `  ${name.padEnd(44)} p50 ${us(p.p50).padStart(6)}  p99 ${us(p.p99).padStart(6)}  max ${us(p.max).padStart(6)}  ${goal}`,
  )
const sub = (name: string, p: Percentiles) =>
  console.log(`      ${name.padEnd(56)} p50 ${us(p.p50).padStart(6)}  p99 ${us(p.p99).padStart(6)}`)

export function printResult(
  r: OrderPathResult,
  steps: Record<'ws' | 'fix', Map<string, number[]>>,
  floorOs: Percentiles,
): void {
  line('floor: JSON.parse + JSON text to a socket', r.floor)
  sub('of which: the OS write itself (_writeGeneric)', floorOs)
  // not the goal's floor: the least any path that journals an order before sending it takes here
  line(
    'floor + a send-log line written first',
    r.floorLogged,
    `(${(r.floorLogged.p50 / r.floor.p50).toFixed(2)}× the floor)`,
  )
  // what the 2× goal leaves for everything an order needs besides its parse, journal and frame
  const left = GOAL_RATIO * r.floor.p50 - r.wsLeast.p50
  line(
    'least journaled WS order: that + ws frame',
    r.wsLeast,
    `(${(r.wsLeast.p50 / r.floor.p50).toFixed(2)}× the floor: the ${GOAL_RATIO}× goal leaves ${us(Math.max(0, left))} µs for checks, routing and tracking)`,
  )
  for (const path of ['ws', 'fix'] as const) {
    const p = r[path]
    const ratio = p.p50 / r.floor.p50
    line(`${path === 'ws' ? 'WS v2' : 'FIX 4.4'}: frame in -> bytes on the socket`, p)
    console.log(
      `    p50 ÷ floor p50 ${ratio.toFixed(2)}× (goal ≤ ${GOAL_RATIO}×: ${ratio <= GOAL_RATIO ? 'met' : 'NOT met'}); p99 ${us(p.p99)} µs (goal ≤ ${us(GOAL_P99_US)}: ${p.p99 <= GOAL_P99_US ? 'met' : 'NOT met'})`,
    )
    for (const [k, v] of steps[path]) sub(k, percentiles(v))
  }
  const w = r.warm
  const x = (p: Percentiles) => `${(p.p50 / w.floor.p50).toFixed(2)}×`
  console.log(
    `  warm, the same turns back to back (${w.ws.n} per path; not the goal's pace): floor p50 ${us(w.floor.p50)}, WS ${us(w.ws.p50)} (${x(w.ws)}), FIX ${us(w.fix.p50)} (${x(w.fix)}) µs`,
  )
  console.log(
    `    a trader's pace ÷ warm, p50: floor ${(r.floor.p50 / w.floor.p50).toFixed(1)}×, WS ${(r.ws.p50 / w.ws.p50).toFixed(1)}×, FIX ${(r.fix.p50 / w.fix.p50).toFixed(1)}×`,
  )
  console.log(
    `  the machine: a fixed piece of JS (none of the app's) p50 ${us(r.work.p50)} µs at a trader's pace, ${us(w.work.p50)} µs back to back (${(r.work.p50 / w.work.p50).toFixed(1)}×)`,
  )
}
