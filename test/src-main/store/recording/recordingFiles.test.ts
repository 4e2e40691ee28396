import { describe, expect, it } from 'vitest'
import { defaultSessionName, recordingFileName } from '../../../../src-main/store/recording/recordingFiles'

describe('recording file names', () => {
  it('files are numbered so that they sort by name in time order', () => {
    expect([recordingFileName(1), recordingFileName(2), recordingFileName(10)]).toEqual([
      '0001.trec.gz',
      '0002.trec.gz',
      '0010.trec.gz',
    ])
  })

  it('a session is named for when it started (UTC) and what it records', () => {
    const at = new Date('2026-12-01T06:15:02.345Z')
    expect(defaultSessionName(at, ['BTC/USD'])).toBe('20261201-061502-BTC-USD')
    expect(defaultSessionName(at, ['BTC/USD', 'ETH/USD', 'SOL/USD', 'XRP/USD', 'ADA/USD'])).toBe(
      '20261201-061502-BTC-USD_ETH-USD_SOL-USD_and_2_more',
    )
  })
})
