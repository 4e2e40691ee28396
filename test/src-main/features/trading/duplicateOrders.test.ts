import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TradingDesk } from '../../../../src-main/features/trading/TradingDesk'
import type { Instrument } from '../../../../src-main/core/instruments/InstrumentRegistry'
import type { PlaceRequest } from '../../../../src-main/core/orders/PlaceRequest'
import { OrderTracker } from '../../../../src-main/core/orders/OrderTracker'
import type { VenueExecution } from '../../../../src-main/features/orders/VenueExecution'
import { SettingsRepo } from '../../../../src-main/store/SettingsRepo'
import { openDb } from '../../../../src-main/store/TridentDb'

const BTC = { id: 'BTC/USD', base: 'BTC', quote: 'USD', qtyPrecision: 8, pricePrecision: 1 } as Instrument

/** A TradingDesk whose venue records what it was sent; the clock is the test's. */
function service(file = ':memory:') {
  const sent: PlaceRequest[] = []
  const clock = { now: 1_000_000 }
  const execution = {
    place: (r: PlaceRequest) => {
      sent.push(r)
      return Promise.resolve({ clOrdId: `c${sent.length}`, state: 'open' })
    },
  } as unknown as VenueExecution
  const t = new TradingDesk({
    execution: () => execution,
    instrument: (s) => (s === 'BTC/USD' ? BTC : null),
    tracker: new OrderTracker(),
    mid: () => '65000.0',
    publish: () => {},
    now: () => clock.now,
    settings: new SettingsRepo(openDb(file)),
  })
  return { t, sent, clock }
}

const order = {
  symbol: 'BTC/USD',
  side: 'buy',
  type: 'limit',
  qty: '0.01',
  limitPrice: '64990.0',
} as const

describe('duplicate-order guard in main', () => {
  it('the same order again within 2 s asks first; confirmed after reading it, it goes', async () => {
    const { t, sent, clock } = service()
    expect(await t.commands.place(order)).toEqual({ clOrdId: 'c1', state: 'open' })
    clock.now += 300
    expect(await t.commands.place(order)).toEqual({
      confirm: 'You sent the same order 0.3 s ago (Buy 0.01 BTC/USD @ 64990.0 limit). Send it again?',
      why: ['duplicate'],
    })
    expect(sent).toHaveLength(1)
    clock.now += 700 // the trader read the question
    expect(await t.commands.place({ ...order, confirmed: true })).toEqual({ clOrdId: 'c2', state: 'open' })
    // a different price is a different order; after the window the same one is fine again
    expect(await t.commands.place({ ...order, limitPrice: '64989.9' })).toEqual({
      clOrdId: 'c3',
      state: 'open',
    })
    clock.now += 2000
    expect(await t.commands.place(order)).toEqual({ clOrdId: 'c4', state: 'open' })
    expect(sent).toHaveLength(4)
  })

  it('50 Enters in 263 ms: one order and a confirmation, whatever the window answers', async () => {
    const { t, sent, clock } = service()
    const start = clock.now
    let question: string | null = null
    for (let i = 0; i < 50; i++) {
      clock.now = start + Math.floor((i * 263) / 49)
      // the window's Enter answers "yes" while a question shows, as the ticket's Enter does
      const r = await t.commands.place({ ...order, confirmed: question !== null })
      question = 'confirm' in r ? r.confirm : null
    }
    expect(sent).toHaveLength(1)
    expect(question).toBe(
      'You sent the same order 0.3 s ago (Buy 0.01 BTC/USD @ 64990.0 limit). Send it again?',
    )
  })

  it('with an order above the value threshold, one question says both', async () => {
    const { t, sent, clock } = service()
    const big = { ...order, qty: '1' }
    expect(await t.commands.place(big)).toEqual({ confirm: 'Buy 1 BTC worth 64990.00 USD?', why: ['value'] })
    expect(await t.commands.place({ ...big, confirmed: true })).toEqual({ clOrdId: 'c1', state: 'open' })
    clock.now += 100
    expect(await t.commands.place(big)).toEqual({
      confirm:
        'You sent the same order 0.1 s ago (Buy 1 BTC/USD @ 64990.0 limit). Send it again? Buy 1 BTC worth 64990.00 USD?',
      why: ['duplicate', 'value'],
    })
    expect(sent).toHaveLength(1)
  })

  it('the window is a risk limit: set with the others, 0 turns it off, kept for the next launch', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'trident-dup-')), 'trident.db')
    const { t, sent } = service(file)
    expect(t.controls.view().defaults.duplicateWindowMs).toBe(2000)
    const limits = { ...t.controls.view().defaults, duplicateWindowMs: 0 }
    t.controls.setLimits(limits)
    expect(t.notices.view().notices.at(-1)!.text).toContain('no duplicate-order check')
    await t.commands.place(order)
    expect(await t.commands.place(order)).toEqual({ clOrdId: 'c2', state: 'open' })
    expect(sent).toHaveLength(2)
    expect(service(file).t.controls.view().defaults.duplicateWindowMs).toBe(0)
    t.controls.setLimits({ ...limits, duplicateWindowMs: 1500 })
    expect(service(file).t.controls.view().defaults.duplicateWindowMs).toBe(1500)
  })
})
