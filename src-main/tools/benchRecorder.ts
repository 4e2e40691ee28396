import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { Recorder } from '../features/recording/Recorder'
import { KrakenWsPublicClient } from '../kraken/ws/KrakenWsPublicClient'
import { receiveNs } from '../kraken/ws/KrakenWsPublicConnection'
import { RecordingWriter } from '../store/recording/RecordingWriter'
import { INSTRUMENT_FRAME, l2Frames, SYMBOL } from './bookFrames'

/**
 * The recorder's cost on the live path (issue 19): the book path (the public client's frame
 * handler, as in benchBookPath) on the same frames with no recorder, with a recorder that reads
 * every frame and records none of them (another channel chosen), and with one recording this
 * book (every frame appended, compressed to a file). Frames are handled BATCH per event-loop turn
 * (a socket hands over a few per read), so the writer's hand-over to zlib runs between them as it
 * does live. Time is the main thread's CPU time (what the live path pays; zlib's own work runs on
 * libuv's thread pool) and, beside it, the process's CPU time (zlib included: what recording
 * costs the machine); medians of interleaved rounds.
 * Then the writer alone: how many MB/s of frames it compresses to disk, at gzip levels 1 and 6.
 */

const BATCH = 10

/**
 * This thread's CPU ms (Linux: /proc, in 10 ms ticks), so zlib's thread pool and other processes
 * on a shared machine do not count; elsewhere null, and the event loop's busy time stands in.
 */
function mainThreadCpuMs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // fields 14 and 15 of the line (utime, stime), counted from the state (field 3)
    return (Number(f[11]) + Number(f[12])) * 10
  } catch {
    return null
  }
}
type Mode = 'off' | 'filtering' | 'recording'

const NAMES: Record<Mode, string> = {
  off: 'book path, no recorder (tap unset: one null check)',
  filtering: 'book path + recorder reading every frame, recording none',
  recording: 'book path + recorder writing every frame (gzip, to disk)',
}

/** One run: the main thread's CPU ms, and the process's CPU ms (zlib's thread pool included). */
async function run(
  frames: readonly string[],
  mode: Mode,
  dir: string,
  round: number,
): Promise<{ busy: number; cpu: number }> {
  let verified = 0
  const client = new KrakenWsPublicClient({
    url: 'ws://127.0.0.1:9',
    depth: 25,
    onBook: (_s, st) => void (st.status === 'live' && verified++),
    onLink: () => undefined,
    onProtocolError: (e) => {
      throw e
    },
  })
  client.handleFrame(INSTRUMENT_FRAME)
  client.watchBook(SYMBOL)
  const held = { release: () => undefined }
  const recorder =
    mode === 'off'
      ? null
      : new Recorder({
          dataDir: dir,
          session: () => ({ wsPublic: client, trading: { wsL3: null }, profile: { kind: 'simulator' } }),
          books: { acquire: () => held },
          tape: { acquire: () => held },
          level3: { acquire: () => held, latest: () => undefined },
          publish: () => undefined,
          log: () => undefined,
        })
  recorder?.start({
    symbols: [SYMBOL],
    channels: mode === 'recording' ? ['book'] : ['trade'],
    name: `${mode}-${round}`,
  })
  const before = performance.eventLoopUtilization()
  const thread0 = mainThreadCpuMs()
  const cpu0 = process.cpuUsage()
  for (let i = 0; i < frames.length; i += BATCH) {
    const end = Math.min(i + BATCH, frames.length)
    for (let k = i; k < end; k++) client.handleFrame(frames[k]!)
    await nextTurn()
  }
  const cpu = process.cpuUsage(cpu0)
  const thread1 = mainThreadCpuMs()
  const busyMs =
    thread0 !== null && thread1 !== null ? thread1 - thread0 : performance.eventLoopUtilization(before).active
  const stats = await recorder?.stop()
  if (verified !== frames.length) throw new Error(`${mode}: ${verified} of ${frames.length} frames verified`)
  // the instrument snapshot and every book frame
  if (mode === 'recording' && (stats?.frames !== frames.length + 1 || stats.dropped !== 0))
    throw new Error(`recording: ${stats?.frames} frames written, ${stats?.dropped} dropped`)
  return { busy: busyMs, cpu: (cpu.user + cpu.system) / 1000 }
}

async function writerThroughput(frames: readonly string[], level: number, dir: string, copies: number) {
  const writer = new RecordingWriter({
    folder: join(dir, `writer-level-${level}`),
    header: () => ({
      trident: 'recording',
      v: 1,
      venue: 'builtin',
      started: new Date().toISOString(),
      channels: ['book'],
      symbols: [SYMBOL],
    }),
    // a throughput figure: nothing may be dropped, so the backlog may hold it all
    bufferBytes: 4096 * 1024 * 1024,
    rotateRawBytes: Number.MAX_SAFE_INTEGER,
    level,
    onError: (e) => {
      throw e
    },
  })
  const t0 = performance.now()
  for (let c = 0; c < copies; c++) {
    for (let i = 0; i < frames.length; i += 1000) {
      const end = Math.min(i + 1000, frames.length)
      for (let k = i; k < end; k++) writer.write(receiveNs(), frames[k]!)
      await nextTurn()
    }
  }
  await writer.close()
  const s = (performance.now() - t0) / 1000
  return {
    mbps: writer.bytesRaw / 1e6 / s,
    ratio: writer.bytesRaw / writer.bytesCompressed,
    mb: writer.bytesRaw / 1e6,
  }
}

export async function benchRecorder(quick: boolean): Promise<void> {
  const n = quick ? 20_000 : 100_000
  const frames = l2Frames(25, n)
  const rounds = quick ? 3 : 7
  const dir = mkdtempSync(join(tmpdir(), 'trident-bench-recorder-'))
  try {
    console.log(
      `\nRecorder on the live path: the book path (${frames.length.toLocaleString('en-US')} frames, ${BATCH} per event-loop turn), CPU time, medians of ${rounds} interleaved rounds`,
    )
    const modes: Mode[] = ['off', 'filtering', 'recording']
    for (const m of modes) await run(frames, m, dir, -1) // warm up
    const busy = new Map<Mode, number[]>(modes.map((m) => [m, []]))
    const cpu = new Map<Mode, number[]>(modes.map((m) => [m, []]))
    for (let r = 0; r < rounds; r++)
      for (let k = 0; k < modes.length; k++) {
        const m = modes[(r + k) % modes.length]!
        const t = await run(frames, m, dir, r)
        busy.get(m)!.push((frames.length / t.busy) * 1000)
        cpu.get(m)!.push((frames.length / t.cpu) * 1000)
      }
    const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1]!
    const med = (m: Mode): number => median(busy.get(m)!)
    const medCpu = (m: Mode): number => median(cpu.get(m)!)
    console.log(`  ${''.padEnd(64)} ${'main thread'.padStart(12)} ${'process CPU'.padStart(12)}`)
    for (const m of modes)
      console.log(
        `  ${NAMES[m].padEnd(64)} ${`${Math.round(med(m) / 1000)} k/s`.padStart(12)} ${`${Math.round(medCpu(m) / 1000)} k/s`.padStart(12)}`,
      )
    for (const [m, goal] of [
      ['filtering', 0.9],
      ['recording', 0.75],
    ] as const) {
      const r = med(m) / med('off')
      // what a frame pays for the recorder, in µs of the main thread: at live rates (hundreds to a
      // few thousand frames/s) this times the rate is the recorder's share of a core
      const us = (1 / med(m) - 1 / med('off')) * 1e6
      console.log(
        `  ${`${m} vs no recorder, main thread (${us.toFixed(2)} µs more per frame)`.padEnd(64)} ${`${r.toFixed(2)}x`.padStart(12)}  (goal >= ${goal}x: ${r >= goal ? 'met' : 'NOT met'}; process CPU ${(medCpu(m) / medCpu('off')).toFixed(2)}x)`,
      )
    }
    console.log('\nRecording writer alone: frames -> gzip -> file, wall time to the file closed')
    for (const level of [1, 6]) {
      const t = await writerThroughput(frames, level, dir, quick ? 1 : 3)
      console.log(
        `  ${`gzip level ${level}${level === 1 ? ' (the recorder’s)' : ''}: ${t.mb.toFixed(0)} MB of frames`.padEnd(64)} ${`${t.mbps.toFixed(0)} MB/s`.padStart(10)}  (compressed ${t.ratio.toFixed(1)}x)`,
      )
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
