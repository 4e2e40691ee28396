import { beforeEach, describe, expect, it } from 'vitest'
import { BridgeError } from '../../../src-preload/contract/api'
import {
  addLocalNotice,
  dismissLocalNotices,
  mergedNotices,
  useTradingStore,
} from '../../../src-renderer/stores/tradingStore'
import { say, sayFailure } from '../../../src-renderer/trading/say'

const local = () => useTradingStore.getState().localNotices
const brief = () => local().map((n) => ({ text: n.text, level: n.level, kind: n.kind, pinned: n.pinned }))

/** What only the window says (ticket refusals, keys with nothing to act on, failed commands) reaches the notices log too. */
describe('local notices', () => {
  beforeEach(() => useTradingStore.getState().set({ localNotices: [], notices: { notices: [] } }))

  it('a ticket refusal said in the window lands in the notices, pinned', () => {
    say('Not sent: Price is missing')
    expect(brief()).toEqual([
      { text: 'Not sent: Price is missing', level: 'warn', kind: 'refusal', pinned: true },
    ])
    expect(local()[0]!.id).toBeLessThan(0)
  })

  it('a key with nothing to act on and a failed command: pinned refusals; main’s own refusal: not logged twice (main logged it)', () => {
    say('No working BTC/USD order to cancel')
    sayFailure(new BridgeError('EDISCONNECTED', 'Connection to Trident core lost'), 'Cancel refused')
    sayFailure(
      new BridgeError('EREFUSED', 'Quantity 0.05 is above your BTC/USD limit of 0.02'),
      'Order not sent',
    )
    expect(brief()).toEqual([
      { text: 'No working BTC/USD order to cancel', level: 'warn', kind: 'refusal', pinned: true },
      {
        text: 'Cancel refused: the link to Trident core is down (Connection to Trident core lost)',
        level: 'error',
        kind: 'refusal',
        pinned: true,
      },
    ])
  })

  it('the same words again move the last notice instead of adding one', () => {
    addLocalNotice(
      'No working BTC/USD order to cancel',
      { level: 'warn', kind: 'refusal', pinned: true },
      1000,
    )
    addLocalNotice(
      'No working BTC/USD order to cancel',
      { level: 'warn', kind: 'refusal', pinned: true },
      2000,
    )
    expect(local().map((n) => n.at)).toEqual([2000])
    addLocalNotice('Not sent: Price is missing', { level: 'warn', kind: 'refusal', pinned: true }, 3000)
    expect(local().map((n) => n.text)).toEqual([
      'No working BTC/USD order to cancel',
      'Not sent: Price is missing',
    ])
  })

  it('dismissed: unpinned, still kept for the log', () => {
    const a = addLocalNotice('Not sent: A', { level: 'warn', kind: 'refusal', pinned: true }, 1)
    addLocalNotice('Not sent: B', { level: 'warn', kind: 'refusal', pinned: true }, 2)
    dismissLocalNotices([a.id])
    expect(local().map((n) => [n.text, n.pinned])).toEqual([
      ['Not sent: A', false],
      ['Not sent: B', true],
    ])
    dismissLocalNotices()
    expect(local().map((n) => n.pinned)).toEqual([false, false])
  })

  it('a window refusing all day with nothing dismissed keeps its newest 500, as main does (issue 20)', () => {
    for (let i = 1; i <= 600; i++)
      addLocalNotice(`Not sent: ${i}`, { level: 'warn', kind: 'refusal', pinned: true }, i)
    expect(local()).toHaveLength(500)
    expect([local()[0]!.text, local()[499]!.text]).toEqual(['Not sent: 101', 'Not sent: 600'])
  })

  it('keeps the last 500, the oldest unpinned going first', () => {
    addLocalNotice('Not sent: the first', { level: 'warn', kind: 'refusal', pinned: true }, 0)
    for (let i = 1; i <= 600; i++)
      addLocalNotice(`note ${i}`, { level: 'info', kind: 'note', pinned: false }, i)
    expect(local()).toHaveLength(500)
    expect(local()[0]!.text).toBe('Not sent: the first')
    expect(local()[1]!.text).toBe('note 102')
    expect(local()[499]!.text).toBe('note 600')
  })

  it('merged with main’s notices by time, oldest first', () => {
    const main = [
      { id: 1, at: 100, level: 'info' as const, text: 'Filled: one' },
      { id: 2, at: 300, level: 'info' as const, text: 'Filled: two' },
    ]
    addLocalNotice('Not sent: between', { level: 'warn', kind: 'refusal', pinned: true }, 200)
    expect(mergedNotices(main, local()).map((n) => n.text)).toEqual([
      'Filled: one',
      'Not sent: between',
      'Filled: two',
    ])
    expect(mergedNotices(main, [])).toBe(main)
  })
})
