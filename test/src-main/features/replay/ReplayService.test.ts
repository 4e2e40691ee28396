import { describe, expect, it } from 'vitest'
import { OrderTracker } from '../../../../src-main/core/orders/OrderTracker'
import {
  gapInWords,
  nsToIso,
  ReplayService,
  type ReplayCommand,
  type ReplayDriver,
  type ReplayStatus,
} from '../../../../src-main/features/replay/ReplayService'

/** A stand-in for the exchange's replay: only for this unit; the wire test runs the real one. */
function fakeDriver(first: ReplayStatus) {
  let status = first
  const listeners: ((s: ReplayStatus) => void)[] = []
  const commands: ReplayCommand[] = []
  const driver: ReplayDriver = {
    status: () => status,
    command: (c) => {
      commands.push(c)
      if (c.kind === 'pause') status = { ...status, paused: true }
      if (c.kind === 'resume') status = { ...status, paused: false }
      if (c.kind === 'speed') status = { ...status, speed: c.speed }
      if (c.kind === 'seek') status = { ...status, clockNs: c.ns }
      return status
    },
    onStatus: (fn) => {
      listeners.push(fn)
      return () => {}
    },
  }
  const move = (s: Partial<ReplayStatus>) => {
    status = { ...status, ...s }
    for (const l of listeners) l(status)
  }
  return { driver, commands, move }
}

const STATUS: ReplayStatus = {
  symbols: ['BTC/USD'],
  firstNs: '1796047200000000000',
  lastNs: '1796047300000000000',
  clockNs: '1796047200000000000',
  speed: 10,
  paused: true,
  ended: false,
  framesApplied: 1,
  gaps: [],
}

describe('replay service', () => {
  it('not a replay: the view says so and control is refused in words', async () => {
    let published = 0
    const s = new ReplayService({
      replay: () => null,
      tracker: new OrderTracker(),
      mark: () => null,
      publish: () => published++,
    })
    expect(s.view()).toEqual({
      replay: false,
      detail: 'Not a replay: this session trades on a live or simulated venue, not a recording',
    })
    await expect(s.control({ kind: 'pause' })).rejects.toThrow(
      'Not a replay: this session trades on a live or simulated venue, not a recording: there is no replay clock to pause',
    )
    expect(published).toBe(0)
  })

  it('follows the clock: each status change is published, with time in words and progress', async () => {
    const fake = fakeDriver(STATUS)
    let published = 0
    const s = new ReplayService({
      replay: () => ({ recording: 'sample-btcusd', driver: fake.driver }),
      tracker: new OrderTracker(),
      mark: () => '65000.0',
      publish: () => published++,
    })
    // the first window's look attaches to the replay; its first status comes with it
    expect(s.view()).toMatchObject({ replay: false, detail: 'The replay is starting…' })
    await Promise.resolve()
    expect(published).toBe(1)
    // a quarter of the way through, with a gap
    fake.move({
      paused: false,
      clockNs: '1796047225000000000',
      framesApplied: 40,
      gaps: [
        {
          atNs: '1796047224120000000',
          symbol: 'BTC/USD',
          what: 'book checksum mismatch: expected 1, computed 2',
        },
      ],
    })
    expect(published).toBe(2)
    expect(s.view()).toEqual({
      replay: true,
      recording: 'sample-btcusd',
      symbols: ['BTC/USD'],
      firstNs: '1796047200000000000',
      lastNs: '1796047300000000000',
      clockNs: '1796047225000000000',
      clockIso: '2026-11-30T14:00:25.000Z',
      speed: 10,
      paused: false,
      ended: false,
      progress: 0.25,
      framesApplied: 40,
      gaps: ['14:00:24.120 UTC BTC/USD: book checksum mismatch: expected 1, computed 2'],
      fills: 0,
      result: [],
    })
    const answer = await s.control({ kind: 'speed', speed: 'max' })
    expect(fake.commands).toEqual([{ kind: 'speed', speed: 'max' }])
    expect(answer).toMatchObject({ replay: true, speed: 'max' })
    expect(published).toBe(3)
  })

  it('writes times in words', () => {
    expect(nsToIso('1796047207123456789')).toBe('2026-11-30T14:00:07.123Z')
    expect(gapInWords({ atNs: '1796047207123456789', symbol: 'ETH/USD', what: 'missing frames' })).toBe(
      '14:00:07.123 UTC ETH/USD: missing frames',
    )
  })
})
