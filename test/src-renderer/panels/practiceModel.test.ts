import { describe, expect, it } from 'vitest'
import {
  clockWords,
  resultWords,
  seekNs,
  speedWords,
  startNsOf,
} from '../../../src-renderer/panels/practiceModel'

describe('practice bar words', () => {
  it('the clock, the speed, and a slider position as an exact receive time', () => {
    expect(clockWords('2026-11-30T14:03:07.123Z')).toBe('2026-11-30 14:03:07 UTC')
    expect(speedWords(10)).toBe('10×')
    expect(speedWords('max')).toBe('max')
    const span = { firstNs: '1796047200000001000', lastNs: '1796047220000003000' }
    expect(seekNs(span, 0)).toBe('1796047200000001000')
    expect(seekNs(span, 500)).toBe('1796047210000002000')
    expect(seekNs(span, 1000)).toBe('1796047220000003000')
    expect(seekNs(span, 1200)).toBe('1796047220000003000')
  })

  it('the session result per quote currency, or no fills yet', () => {
    const base = {
      replay: true as const,
      recording: 'r',
      symbols: [],
      firstNs: '0',
      lastNs: '0',
      clockNs: '0',
      clockIso: '',
      speed: 1 as const,
      paused: false,
      ended: true,
      progress: 1,
      framesApplied: 0,
      gaps: [],
      fills: 0,
    }
    expect(resultWords({ ...base, result: [] })).toEqual(['No fills yet: PnL 0'])
    expect(
      resultWords({
        ...base,
        fills: 1,
        result: [
          {
            quote: 'USD',
            realised: '0.000',
            unrealised: '0.004',
            fees: '1.03992',
            pnl: '-1.03592',
            maxDrawdown: '1.03592',
          },
        ],
      }),
    ).toEqual([
      'PnL -1.03592 USD (realised 0.000, unrealised 0.004, fees 1.03992) · max drawdown 1.03592 USD',
    ])
  })
})

describe('a replay profile start, as typed', () => {
  it('nothing, a time on the recording first day, or a date and time, all UTC, as ns text', () => {
    expect(startNsOf('  ', '2026-11-30T14:00:00.000Z')).toBeNull()
    expect(startNsOf('14:03:07', '2026-11-30T14:00:00.000Z')).toBe('1796047387000000000')
    expect(startNsOf('9:05', '2026-11-30T14:00:00.000Z')).toBe('1796029500000000000')
    expect(startNsOf('2026-12-01 00:00:01', null)).toBe('1796083201000000000')
    expect(startNsOf('2026-12-01T00:00:01Z', null)).toBe('1796083201000000000')
  })

  it('says what is wrong in words', () => {
    expect(() => startNsOf('14:03', null)).toThrow('This recording does not say its day: enter the date too')
    expect(() => startNsOf('soon', '2026-11-30T14:00:00.000Z')).toThrow(
      'Start "soon": enter a UTC time like 14:03:07, or a date and time like 2026-11-30 14:03:07',
    )
    expect(() => startNsOf('25:00', '2026-11-30T14:00:00.000Z')).toThrow('Start "25:00" is not a time')
  })
})
