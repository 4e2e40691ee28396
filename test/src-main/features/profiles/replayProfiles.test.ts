import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { encodeHeader, encodeRecord } from '../../../../src-domain/recording'
import { ProfileService } from '../../../../src-main/features/profiles/ProfileService'
import { findRecordings, readHeader } from '../../../../src-main/features/profiles/recordings'
import { CredentialStore } from '../../../../src-main/secrets/CredentialStore'
import { MemorySecretStore } from '../../../../src-main/secrets/SecretStore'
import { ProfileRepo } from '../../../../src-main/store/ProfileRepo'
import { SettingsRepo } from '../../../../src-main/store/SettingsRepo'
import { openDb } from '../../../../src-main/store/TridentDb'

/** Replay profiles (practice mode): the recordings found, the profiles made of them, and what a start replays. */
const dataDir = mkdtempSync(join(tmpdir(), 'trident-replay-profiles-'))
const shipped = mkdtempSync(join(tmpdir(), 'trident-shipped-'))
const rec = (file: string, symbols: string[], lines = 3) => {
  const header = encodeHeader({
    trident: 'recording',
    v: 1,
    venue: 'kraken',
    started: '2026-11-30T14:03:00.000Z',
    channels: ['book', 'trade'],
    symbols,
  })
  let body = ''
  for (let i = 0; i < lines; i++)
    body += encodeRecord(1796047380000000000n + BigInt(i), '{"channel":"heartbeat"}')
  writeFileSync(file, gzipSync(header + body))
}

beforeAll(() => {
  // a recorder session of two rotated files, a lone file, something that is no recording, and a shipped sample
  mkdirSync(join(dataDir, 'recordings', '20261130-140300-BTC-USD'), { recursive: true })
  rec(join(dataDir, 'recordings', '20261130-140300-BTC-USD', '0002.trec.gz'), ['BTC/USD'])
  rec(join(dataDir, 'recordings', '20261130-140300-BTC-USD', '0001.trec.gz'), ['BTC/USD'])
  rec(join(dataDir, 'recordings', 'eth.trec.gz'), ['ETH/USD', 'ETH/EUR'])
  writeFileSync(join(dataDir, 'recordings', 'notes.txt'), 'not a recording')
  rec(join(shipped, 'sample-btcusd.trec.gz'), ['BTC/USD'])
})

function service(): { s: ProfileService; published: () => number } {
  const db = openDb(':memory:')
  let n = 0
  const s = new ProfileService({
    repo: new ProfileRepo(db),
    settings: new SettingsRepo(db),
    credentials: new CredentialStore(new MemorySecretStore()),
    current: 'builtin',
    dataDir,
    shippedRecordings: shipped,
    publish: () => n++,
  })
  return { s, published: () => n }
}

describe('recordings found for practice', () => {
  it('a folder of rotated files is one recording (files in name order), a lone file another, shipped ones last', () => {
    const found = findRecordings(dataDir, shipped)
    expect(found.map((r) => [r.name, r.where, r.files, r.symbols, r.venue, r.started])).toEqual([
      ['20261130-140300-BTC-USD', 'recorded', 2, ['BTC/USD'], 'kraken', '2026-11-30T14:03:00.000Z'],
      ['eth', 'recorded', 1, ['ETH/USD', 'ETH/EUR'], 'kraken', '2026-11-30T14:03:00.000Z'],
      ['sample-btcusd', 'shipped', 1, ['BTC/USD'], 'kraken', '2026-11-30T14:03:00.000Z'],
    ])
    expect(found[0]!.paths).toEqual([
      join(dataDir, 'recordings', '20261130-140300-BTC-USD', '0001.trec.gz'),
      join(dataDir, 'recordings', '20261130-140300-BTC-USD', '0002.trec.gz'),
    ])
    expect(found[0]!.bytes).toBeGreaterThan(0)
  })

  it('reads the header of a large file from its start only, and says nothing of a file that is not one', () => {
    const big = join(dataDir, 'big.bin')
    rec(big, ['SOL/USD'], 50_000)
    expect(readHeader(big)?.symbols).toEqual(['SOL/USD'])
    writeFileSync(join(dataDir, 'plain.trec.gz'), 'plain text')
    expect(readHeader(join(dataDir, 'plain.trec.gz'))).toBeNull()
  })
})

describe('replay profiles', () => {
  it("keep their recordings' files from the recorder's size cap: every file of each recording in use", () => {
    const { s } = service()
    expect(s.replayRecordingPaths()).toEqual(new Set())
    s.saveReplay({ id: 'replay-btc', name: 'Replay: btc', recording: '20261130-140300-BTC-USD' })
    s.saveReplay({ id: 'replay-sample', name: 'Replay: sample', recording: 'sample-btcusd' })
    expect(s.replayRecordingPaths()).toEqual(
      new Set([
        join(dataDir, 'recordings', '20261130-140300-BTC-USD', '0001.trec.gz'),
        join(dataDir, 'recordings', '20261130-140300-BTC-USD', '0002.trec.gz'),
        join(shipped, 'sample-btcusd.trec.gz'),
      ]),
    )
  })

  it('saved by recording name, listed after the built-in one, and activated for the next start', () => {
    const { s, published } = service()
    const view = s.saveReplay({ id: 'replay-eth', name: 'Replay: eth', recording: 'eth', speed: 10 })
    expect(view).toEqual({
      id: 'replay-eth',
      name: 'Replay: eth',
      kind: 'replay',
      endpoints: null,
      tier: 'intermediate',
      keyFingerprint: null,
      fixFingerprint: null,
      status: { ok: true, detail: 'Replays eth: no keys needed', at: 0 },
      replay: { recording: 'eth', speed: 10 },
    })
    expect(published()).toBe(1)
    expect(s.view().profiles.map((p) => p.id)).toEqual(['builtin', 'replay-eth'])
    expect(s.view().recordings.map((r) => r.name)).toEqual([
      '20261130-140300-BTC-USD',
      'eth',
      'sample-btcusd',
    ])
    expect(s.activate('replay-eth').active).toBe('replay-eth')
    expect(s.active).toBe('replay-eth')
    expect(s.replaySpec('replay-eth')).toEqual({
      recording: 'eth',
      files: [join(dataDir, 'recordings', 'eth.trec.gz')],
      speed: 10,
    })
    expect(s.replaySpec('builtin')).toBeNull()
  })

  it('refuses a recording that is not there, the built-in id, and asks no keys', async () => {
    const { s } = service()
    expect(() => s.saveReplay({ id: 'x', name: 'X', recording: 'nowhere' })).toThrow(
      'No recording "nowhere" on this computer',
    )
    expect(() => s.saveReplay({ id: 'builtin', name: 'X', recording: 'eth' })).toThrow(
      'The built-in exchange profile cannot be changed',
    )
    s.saveReplay({
      id: 'replay-sample',
      name: 'Replay: sample',
      recording: 'sample-btcusd',
      startNs: '1796047380000000001',
    })
    await expect(s.check('replay-sample')).rejects.toThrow('The built-in exchange needs no keys')
    expect(s.replaySpec('replay-sample')).toEqual({
      recording: 'sample-btcusd',
      files: [join(shipped, 'sample-btcusd.trec.gz')],
      startNs: '1796047380000000001',
    })
  })

  it('deleted without the keychain; the next start goes back to the built-in exchange', async () => {
    const { s } = service()
    s.saveReplay({ id: 'replay-eth', name: 'Replay: eth', recording: 'eth' })
    s.activate('replay-eth')
    const after = await s.delete('replay-eth')
    expect(after.profiles.map((p) => p.id)).toEqual(['builtin'])
    expect(after.active).toBe('builtin')
    expect(s.replaySpec('replay-eth')).toBeNull()
  })
})
