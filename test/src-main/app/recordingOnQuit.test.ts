import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { TridentCore } from '../../../src-main/app/TridentCore'
import type { RecorderView } from '../../../src-preload/contract/recording'
import type { AppInfo } from '../../../src-preload/contract/types'
import { until } from '../../helpers/until'
import { openWindow } from './wires/wireClient'

/**
 * Quitting while recording closes the open file whole (the gzip trailer is written), rather than
 * leaving it ending at its last one-second flush: a strict gunzip reads it, and the frames
 * recorded up to the quit are in it.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'trident-recording-quit-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('recording on quit', () => {
  it('the open recording file is finished when the core stops', async () => {
    const core = new TridentCore({
      host: 'loopback',
      version: 'test',
      sim: { seed: 43, messagesPerSecond: 0 },
      dataDir,
    })
    await core.start()
    const w = openWindow(core)
    await until(async () => (await w.ok<AppInfo>('app.info', {})).symbols.includes('BTC/USD'), 'instruments')
    const started = await w.ok<RecorderView>('recording.start', {
      symbols: ['BTC/USD'],
      channels: ['book'],
      name: 'quit-test',
    })
    const folder = started.folder!
    const sub = w.sub('recording', {})
    await w.next<RecorderView>(sub, 0, (v) => v.frames >= 2, 'instrument and book snapshot recorded')
    await core.stop()
    const files = readdirSync(folder).filter((f) => f.endsWith('.trec.gz'))
    expect(files).toEqual(['0001.trec.gz'])
    // strict: throws "unexpected end of file" on a gzip stream that was never finished
    const text = gunzipSync(readFileSync(join(folder, files[0]!))).toString('utf8')
    const lines = text.trimEnd().split('\n')
    expect(JSON.parse(lines[0]!)).toMatchObject({
      trident: 'recording',
      v: 1,
      symbols: ['BTC/USD'],
      channels: ['book', 'instrument'],
    })
    expect(lines.some((l) => l.includes('"channel":"book","type":"snapshot"'))).toBe(true)
  })
})
