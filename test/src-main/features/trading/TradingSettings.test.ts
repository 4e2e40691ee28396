import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TradingDesk } from '../../../../src-main/features/trading/TradingDesk'
import type { Instrument } from '../../../../src-main/core/instruments/InstrumentRegistry'
import { OrderTracker } from '../../../../src-main/core/orders/OrderTracker'
import { SettingsRepo } from '../../../../src-main/store/SettingsRepo'
import { openDb } from '../../../../src-main/store/TridentDb'

/** A "launch": a TradingDesk on the settings table of a database file. */
function launch(file: string, mid: string | null = null): TradingDesk {
  return new TradingDesk({
    execution: () => null,
    instrument: (s) => (s === 'BTC/USD' ? ({ id: 'BTC/USD' } as Instrument) : null),
    tracker: new OrderTracker(),
    mid: () => mid,
    publish: () => {},
    settings: new SettingsRepo(openDb(file)),
  })
}

const LIMITS = {
  maxOrderQty: '2',
  maxNotional: '50000',
  priceBandPct: '1.5',
  maxOpenOrders: 7,
  maxPosition: '3',
  confirmAbove: '10000',
}

describe('risk limits and alerts survive a restart', () => {
  it('the next launch has the same limits and alerts, fired ones still fired', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'trident-settings-')), 'trident.db')
    const a = launch(file)
    a.controls.setLimits(LIMITS)
    a.alerts.add({ symbol: 'BTC/USD', op: 'above', price: '70000.0' })
    a.alerts.add({ symbol: 'BTC/USD', op: 'below', price: '60000.0' })
    a.alerts.check('BTC/USD', '59999.9')
    const b = launch(file)
    expect(b.controls.view()).toMatchObject({ defaults: LIMITS })
    expect(b.alerts.view().alerts.map((x) => [x.op, x.price, x.triggeredAt !== null])).toEqual([
      ['above', '70000.0', false],
      ['below', '60000.0', true],
    ])
    b.alerts.remove(b.alerts.view().alerts[0]!.id)
    expect(
      launch(file)
        .alerts.view()
        .alerts.map((x) => x.price),
    ).toEqual(['60000.0'])
  })

  it('damaged saved limits are said and the defaults used; malformed alerts are dropped', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'trident-settings-')), 'trident.db')
    const s = new SettingsRepo(openDb(file))
    s.set('risk.limits', { ...LIMITS, maxOrderQty: 'lots' })
    s.set('alerts', [
      { symbol: 'BTC/USD', op: 'sideways', price: '1' },
      { symbol: 'BTC/USD', op: 'above', price: '1e5' },
    ])
    const t = launch(file)
    expect(t.notices.view().notices.map((n) => n.text)).toContainEqual(
      expect.stringMatching(/^Saved risk limits ignored \(.*\); using the defaults$/),
    )
    expect(t.controls.view().defaults.maxOrderQty).toBe('5')
    expect(t.alerts.view().alerts).toEqual([])
  })
})
