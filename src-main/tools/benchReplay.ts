/**
 * `npm run bench` — replay speed: a recording replayed into the built-in exchange at 'max'
 * (every frame parsed, its book checksum verified, the engine's book set to it, trades printed),
 * in recorded messages per second, against the floor of only reading the same file (gunzip and
 * split into records). Rounds alternate floor and replay; medians of CPU time, as the machine
 * may be shared.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { RecordingReader } from '../sim/replay/RecordingReader'
import { SimExchange } from '../sim/SimExchange'

function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since)
  return (u.user + u.system) / 1000
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

function sampleFile(): string | null {
  for (const f of [
    join(__dirname, '../../resources/recordings/sample-btcusd.trec.gz'),
    join(process.cwd(), 'resources/recordings/sample-btcusd.trec.gz'),
  ])
    if (existsSync(f)) return f
  return null
}

async function readOnly(file: string): Promise<{ frames: number; ms: number }> {
  const t = process.cpuUsage()
  let frames = 0
  for await (const b of new RecordingReader([file]).batches()) frames += b.length
  return { frames, ms: cpuMs(t) }
}

async function replayMax(file: string): Promise<{ frames: number; ms: number; gaps: number }> {
  const sim = new SimExchange({ messagesPerSecond: 0, replay: { files: [file], speed: 'max', paused: true } })
  await sim.start()
  const r = sim.replay!
  const before = r.status().framesApplied
  const ended = new Promise<void>((resolve) => r.onStatus((s) => s.ended && resolve()))
  const t = process.cpuUsage()
  r.command({ kind: 'resume' })
  await ended
  const ms = cpuMs(t)
  const s = r.status()
  await sim.stop()
  return { frames: s.framesApplied - before, ms, gaps: s.gaps.length }
}

export async function benchReplay(quick: boolean): Promise<void> {
  const file = sampleFile()
  console.log('\nReplay (issue 19): recorded frames into the built-in exchange at max speed')
  if (!file) {
    console.log('  (no resources/recordings/sample-btcusd.trec.gz: skipped)')
    return
  }
  const rounds = quick ? 3 : 7
  const floor: number[] = []
  const replay: number[] = []
  let frames = 0
  let gaps = 0
  for (let i = 0; i < rounds; i++) {
    const f = await readOnly(file)
    floor.push((f.frames / f.ms) * 1000)
    const r = await replayMax(file)
    frames = r.frames
    gaps = r.gaps
    replay.push((r.frames / r.ms) * 1000)
  }
  const fmt = (x: number): string => `${Math.round(x).toLocaleString('en-US')} msgs/s`
  const row = (name: string, value: string, note = ''): void =>
    console.log(`  ${name.padEnd(52)} ${value.padStart(16)}  ${note}`)
  row('floor: read + gunzip + split the recording', fmt(median(floor)), `CPU, median of ${rounds}`)
  row("replay at 'max', checksums verified", fmt(median(replay)), `${frames} frames, ${gaps} gaps`)
  console.log(`  replay / floor: ${(median(replay) / median(floor)).toFixed(3)}`)
}
