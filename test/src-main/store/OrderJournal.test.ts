import { describe, expect, it } from 'vitest'
import type { TrackedOrder } from '../../../src-main/core/orders/OrderTracker'
import { AuditLog } from '../../../src-main/store/AuditLog'
import { OrderJournal } from '../../../src-main/store/OrderJournal'
import { redact } from '../../../src-main/store/redact'
import { SettingsRepo } from '../../../src-main/store/SettingsRepo'
import { openDb } from '../../../src-main/store/TridentDb'
import { trackedOrder } from '../../helpers/trackedOrder'

/** This file's order: a 1 BTC/USD limit sell at 30000.0 GTC over FIX. */
function order(over: Partial<TrackedOrder> = {}): TrackedOrder {
  return trackedOrder({
    side: 'sell',
    qty: '1.00000000',
    limitPrice: '30000.0',
    tif: 'GTC',
    protocol: 'fix',
    fixSession: 'TRIDENT->KRAKEN-TRD',
    ...over,
  })
}

describe('OrderJournal', () => {
  it('stores an order, its changes and each fill once, per profile', () => {
    const db = openDb(':memory:')
    const j = new OrderJournal(db, 'live')
    j.saveOrder(order())
    expect(j.loadOrders()[0]).toEqual(order())
    const fill = {
      tradeId: 'BTC/USD:99',
      qty: '0.40000000',
      price: '30000.0',
      at: 20,
      protocol: 'fix' as const,
    }
    j.saveOrder(
      order({
        state: 'partially-filled',
        venueOrderId: 'O-1',
        filledQty: '0.40000000',
        fills: [fill],
        updatedAt: 20,
      }),
    )
    // the same fill again (reported over WS and by a REST reconcile): still one row
    j.saveOrder(
      order({
        state: 'partially-filled',
        venueOrderId: 'O-1',
        filledQty: '0.40000000',
        fills: [fill, fill],
        updatedAt: 21,
      }),
    )
    expect(j.fillCount()).toBe(1)
    const back = j.loadOrders()
    expect(back).toHaveLength(1)
    expect(back[0]).toMatchObject({ state: 'partially-filled', venueOrderId: 'O-1', filledQty: '0.40000000' })
    expect(back[0]!.fills).toEqual([fill])
    // another profile's journal is separate
    expect(new OrderJournal(db, 'builtin@x').loadOrders()).toEqual([])
  })

  it('notes the cancels Trident asked for, per profile, and keeps them through later saves of the order', () => {
    const db = openDb(':memory:')
    const j = new OrderJournal(db, 'live')
    const other = new OrderJournal(db, 'sim')
    for (const id of ['000000000000000001', '000000000000000002', '000000000000000003'])
      j.saveOrder(order({ clOrdId: id }))
    other.saveOrder(order({ clOrdId: '000000000000000001' }))
    j.noteCancelsAsked(['000000000000000001'])
    j.noteCancelsAsked(['000000000000000002', '000000000000000003'])
    // the order changes after the cancel was asked: the note stays
    j.saveOrder(order({ clOrdId: '000000000000000002', state: 'open', updatedAt: 20 }))
    expect(j.cancelsAsked().sort()).toEqual([
      '000000000000000001',
      '000000000000000002',
      '000000000000000003',
    ])
    expect(other.cancelsAsked()).toEqual([])
    // a cancel refused before it left is cleared
    j.clearCancelAsked('000000000000000002')
    expect(j.cancelsAsked().sort()).toEqual(['000000000000000001', '000000000000000003'])
  })

  it('folds finished orders into the position base: a load reads the base and the rest, never a folded order or its fills', () => {
    const db = openDb(':memory:')
    const j = new OrderJournal(db, 'live')
    const other = new OrderJournal(db, 'sim')
    const fill = (id: string) => ({
      tradeId: id,
      qty: '1.00000000',
      price: '30000.0',
      at: 20,
      protocol: 'fix' as const,
    })
    j.saveOrder(order({ clOrdId: '000000000000000001', state: 'filled', fills: [fill('T1')] }))
    j.saveOrder(order({ clOrdId: '000000000000000002', state: 'filled', fills: [fill('T2')], createdAt: 11 }))
    j.saveOrder(order({ clOrdId: '000000000000000003', state: 'open', createdAt: 12 }))
    other.saveOrder(order({ clOrdId: '000000000000000001' }))
    expect(j.positionBase()).toEqual([])
    const base = [
      { symbol: 'BTC/USD', qp: 8, pp: 1, net: '-100000000', cost: '-3000000000000', realised: '0' },
    ]
    j.foldOrders(['000000000000000001'], base, ['T1'])
    expect(j.positionBase()).toEqual(base)
    expect(j.loadOrders().map((o) => [o.clOrdId, o.fills.map((f) => f.tradeId)])).toEqual([
      ['000000000000000002', ['T2']],
      ['000000000000000003', []],
    ])
    // the record of what was traded stays: the order and its fill are still in the journal
    expect(j.fillCount()).toBe(2)
    // per profile: the other profile's order of the same id is not folded, and it has no base
    expect(other.loadOrders()).toHaveLength(1)
    expect(other.positionBase()).toEqual([])
    // a later state saved for a folded order (a late report) does not unfold it
    j.saveOrder(order({ clOrdId: '000000000000000001', state: 'filled', fills: [fill('T1')], updatedAt: 30 }))
    expect(j.loadOrders().map((o) => o.clOrdId)).toEqual(['000000000000000002', '000000000000000003'])
    // found working at the venue after it was folded (adopted again under its id, a new fill
    // since): read at the next start with all its fills, the one its base holds known as such
    expect(j.inBase('T1')).toBe(true)
    j.saveOrder(
      order({
        clOrdId: '000000000000000001',
        state: 'open',
        fills: [fill('T1'), { ...fill('T5'), at: 40 }],
        updatedAt: 40,
      }),
    )
    const back = j.loadOrders().find((o) => o.clOrdId === '000000000000000001')!
    expect(back.fills.map((f) => f.tradeId)).toEqual(['T1', 'T5'])
    expect([j.inBase('T1'), j.inBase('T5'), j.inBase('T2')]).toEqual([true, false, false])
    // it ends, and is forgotten and folded again: its new fill is in the base then, and out of the read
    j.saveOrder(order({ clOrdId: '000000000000000001', state: 'filled', fills: [fill('T1')], updatedAt: 41 }))
    expect(j.loadOrders().map((o) => o.clOrdId)).toContain('000000000000000001')
    j.foldOrders(['000000000000000001'], base, ['T5'])
    expect(j.loadOrders().map((o) => o.clOrdId)).toEqual(['000000000000000002', '000000000000000003'])
    expect(j.inBase('T5')).toBe(true)
    // the newest trade ids, a folded order's too (the reconcile stops its trade history there)
    j.saveOrder(order({ clOrdId: '000000000000000003', state: 'filled', fills: [{ ...fill('T3'), at: 25 }] }))
    expect(j.recentTradeIds(2)).toEqual(['T5', 'T3'])
    expect(j.recentTradeIds(5)).toEqual(['T5', 'T3', 'T2', 'T1'])
    // the base row gone while orders are folded: refused in words (their fills would be in neither)
    db.prepare("DELETE FROM position_base WHERE profile = 'live'").run()
    expect(() => j.positionBase()).toThrow('folded orders but no saved base')
    j.unfoldAll()
    expect(j.positionBase()).toEqual([])
    expect(j.loadOrders()).toHaveLength(3)
  })

  it('keeps every venue event in order, with whether it changed anything', () => {
    const j = new OrderJournal(openDb(':memory:'), 'live')
    j.recordEvent({ clOrdId: 'A', protocol: 'ws', at: 1 }, { kind: 'accepted', orderId: 'O-1' }, true)
    j.recordEvent({ clOrdId: 'A', protocol: 'fix', at: 2 }, { kind: 'accepted', orderId: 'O-1' }, false)
    j.recordEvent(
      { clOrdId: 'A', protocol: 'ws', at: 3 },
      { kind: 'cancelled', reason: 'User requested' },
      true,
    )
    expect(j.events('A').map((e) => [e.kind, e.protocol, e.changed])).toEqual([
      ['accepted', 'ws', 1],
      ['accepted', 'fix', 0],
      ['cancelled', 'ws', 1],
    ])
    expect(JSON.parse(j.events('A')[2]!.data)).toEqual({ kind: 'cancelled', reason: 'User requested' })
  })
})

describe('AuditLog and redaction', () => {
  it('records who, when, what and the outcome, with secrets redacted', () => {
    const a = new AuditLog(openDb(':memory:'))
    a.record({
      at: 5,
      who: 'loopback 127.0.0.1:5000',
      command: 'profiles.save',
      payload: {
        id: 'live',
        apiKey: 'KEYKEYKEY',
        apiSecret: 'c2VjcmV0c2VjcmV0',
        fixApiSecret: 'Zml4Zml4',
        name: 'Live',
      },
      outcome: 'ok',
      profile: 'builtin@t',
    })
    const [e] = a.recent()
    expect(e).toEqual({
      at: 5,
      who: 'loopback 127.0.0.1:5000',
      command: 'profiles.save',
      payload: {
        id: 'live',
        apiKey: '[redacted]',
        apiSecret: '[redacted]',
        fixApiSecret: '[redacted]',
        name: 'Live',
      },
      outcome: 'ok',
      profile: 'builtin@t',
    })
  })

  it('redact reaches nested objects and arrays and leaves ordinary fields alone', () => {
    expect(
      redact({ a: [{ token: 't', password: 'p' }], b: { 'API-Key': 'k', qty: '1.0' }, privateKey: '', n: 3 }),
    ).toEqual({
      a: [{ token: '[redacted]', password: '[redacted]' }],
      b: { 'API-Key': '[redacted]', qty: '1.0' },
      privateKey: '',
      n: 3,
    })
  })
})

describe('SettingsRepo', () => {
  it('settings, workspaces and the instruments cache round-trip', () => {
    const s = new SettingsRepo(openDb(':memory:'))
    expect(s.get('x')).toBeUndefined()
    s.set('x', { a: 1 })
    s.set('x', { a: 2 })
    expect(s.get('x')).toEqual({ a: 2 })
    s.saveWorkspace('Morning', { windows: [{ x: 0, y: 0, w: 800, h: 600, panels: ['ladder'] }] })
    s.saveWorkspace('Asia', { windows: [] })
    expect(s.workspaces()).toEqual(['Asia', 'Morning'])
    expect(s.workspace('Morning')).toEqual({ windows: [{ x: 0, y: 0, w: 800, h: 600, panels: ['ladder'] }] })
    s.saveInstruments('live', { XXBTZUSD: { altname: 'XBTUSD' } }, { XXBT: {} })
    expect(s.instruments('live')).toMatchObject({
      pairs: { XXBTZUSD: { altname: 'XBTUSD' } },
      assets: { XXBT: {} },
    })
    expect(s.instruments('other')).toBeUndefined()
  })
})

describe('OrderJournal: fees and averages', () => {
  it("a fill's fee (exact text and asset) and the adopted-amount mark come back after a restart; the order's average price and cost too", () => {
    const db = openDb(':memory:')
    const j = new OrderJournal(db, 'live')
    const o = order({
      state: 'partially-filled',
      venueOrderId: 'OK4GJX-KSTLS-7DZZO5',
      filledQty: '0.40500000',
      adoptedQty: '0.37500000',
      avgPrice: '30010.0',
      cumCost: '12153.9',
      postOnly: true,
      fills: [
        {
          tradeId: 'BTC/USD:62887576',
          qty: '0.005',
          price: '26599.9',
          fee: '0.3458',
          feeAsset: 'USD',
          at: 20,
          protocol: 'ws',
        },
        {
          tradeId: 'BTC/USD:40274859',
          qty: '0.02000000',
          price: '30010.00000',
          fee: '0.00000',
          feeAsset: 'USD',
          beforeAdoption: true,
          at: 21,
          protocol: 'rest',
        },
        { tradeId: 'BTC/USD:7', qty: '0.01', price: '30000.0', at: 22, protocol: 'fix' },
      ],
    })
    j.saveOrder(o)
    expect(j.loadOrders()).toEqual([o])
  })
})
