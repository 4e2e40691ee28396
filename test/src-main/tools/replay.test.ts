import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadMessages, replayBook } from '../../../src-main/tools/replay'
import { SimExchange } from '../../../src-main/sim/SimExchange'
import { wsSession } from '../../helpers/krakenTestClient'

const OFFICIAL_SNAPSHOT = `{"channel":"book","type":"snapshot","data":[{"symbol":"BTC/USD","bids":[{"price":45283.5,"qty":0.10000000},{"price":45283.4,"qty":1.54582015},{"price":45282.1,"qty":0.10000000},{"price":45281.0,"qty":0.10000000},{"price":45280.3,"qty":1.54592586},{"price":45279.0,"qty":0.07990000},{"price":45277.6,"qty":0.03310103},{"price":45277.5,"qty":0.30000000},{"price":45277.3,"qty":1.54602737},{"price":45276.6,"qty":0.15445238}],"asks":[{"price":45285.2,"qty":0.00100000},{"price":45286.4,"qty":1.54571953},{"price":45286.6,"qty":1.54571109},{"price":45289.6,"qty":1.54560911},{"price":45290.2,"qty":0.15890660},{"price":45291.8,"qty":1.54553491},{"price":45294.7,"qty":0.04454749},{"price":45296.1,"qty":0.35380000},{"price":45297.5,"qty":0.09945542},{"price":45299.5,"qty":0.18772827}],"checksum":3310070434}]}`

async function recordSession(): Promise<string[]> {
  const sim = new SimExchange({ seed: 77, messagesPerSecond: 0 })
  const ep = await sim.start()
  const s = await wsSession(ep.wsPublic)
  s.send({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth: 25 }, req_id: 1 })
  await s.next((m) => m.channel === 'book')
  for (let i = 0; i < 1500; i++) sim.step('BTC/USD')
  await new Promise((r) => setTimeout(r, 200))
  s.close()
  await sim.stop()
  return s.raw.filter((r) => r.startsWith('{"channel":"book"'))
}

describe('replay book', () => {
  it("verifies Kraken's official snapshot (JSON numbers with trailing zeros, parsed losslessly)", () => {
    const r = replayBook(loadMessages(OFFICIAL_SNAPSHOT))
    expect(r).toEqual({ checked: 1, mismatched: [] })
  })

  it('verifies a recorded session line by line, and reports a corrupted checksum with its index', async () => {
    const lines = await recordSession()
    expect(lines.length).toBeGreaterThan(200)
    const ok = replayBook(loadMessages(lines.join('\n')))
    expect(ok).toEqual({ checked: lines.length, mismatched: [] })
    const bad = [...lines]
    bad[100] = bad[100]!.replace(
      /"checksum":(\d+)/,
      (_m, n: string) => `"checksum":${(Number(n) + 1) % 2 ** 32}`,
    )
    const r = replayBook(loadMessages(`[${bad.join(',')}]`)) // the array form too
    expect(r.checked).toBe(lines.length)
    expect(r.mismatched).toHaveLength(1)
    expect(r.mismatched[0]!.index).toBe(100)
  })

  it('names the message index of malformed input', () => {
    const text = [
      OFFICIAL_SNAPSHOT,
      '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":"x","qty":1}],"checksum":1}]}',
    ].join('\n')
    expect(() => replayBook(loadMessages(text))).toThrow(
      /^message 1: BTC\/USD bids\[0\]\.price is not a number/,
    )
    expect(() => replayBook(loadMessages(`${OFFICIAL_SNAPSHOT}\n{nope`))).toThrow(/^message 1: not JSON/)
    expect(() =>
      replayBook(
        loadMessages(
          '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[],"asks":[],"checksum":0}]}',
        ),
      ),
    ).toThrow('message 0: update for BTC/USD before its snapshot')
  })

  const built = join(__dirname, '../../../out/main/replay.js')
  it.skipIf(!existsSync(built) && !process.env.CI)(
    'the command prints "checked N, mismatched M" and exits non-zero on a mismatch',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'trident-replay-'))
      const good = join(dir, 'good.jsonl')
      writeFileSync(good, OFFICIAL_SNAPSHOT + '\n')
      expect(execFileSync(process.execPath, [built, 'book', good], { encoding: 'utf8' })).toBe(
        'checked 1, mismatched 0\n',
      )
      const badFile = join(dir, 'bad.jsonl')
      writeFileSync(badFile, OFFICIAL_SNAPSHOT.replace('3310070434', '3310070435') + '\n')
      const r = spawnSync(process.execPath, [built, 'book', badFile], { encoding: 'utf8' })
      expect(r.status).toBe(1)
      expect(r.stdout).toBe('checked 1, mismatched 1\n')
      expect(r.stderr).toMatch(/message 0 \(BTC\/USD\): checksum 3310070435 expected, 3310070434 computed/)
      // --time (before or after FILE) adds the rate on stderr; stdout stays the verdict
      for (const args of [
        ['book', good, '--time'],
        ['--time', 'book', good],
      ]) {
        const timed = spawnSync(process.execPath, [built, ...args], { encoding: 'utf8' })
        expect(timed.status).toBe(0)
        expect(timed.stdout).toBe('checked 1, mismatched 0\n')
        expect(timed.stderr).toMatch(
          /^1 messages: ([\d,]+|n\/a) msgs\/s of CPU time \(\d+ ms\), ([\d,]+|n\/a) msgs\/s wall/,
        )
      }
      const usage = spawnSync(process.execPath, [built, 'book'], { encoding: 'utf8' })
      expect(usage.status).toBe(2)
    },
  )
})
