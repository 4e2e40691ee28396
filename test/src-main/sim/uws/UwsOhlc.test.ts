// The Unified WS ohlc channel of the built-in exchange (docs/kraken-derivatives.md §3, §11):
// subscribe, snapshot, an update after a trade (tick_type trade, the default) and mark candles
// that follow the mark. Seed 7 and no synthetic flow: PF_XBTUSD's best offer is 0.0080 at 65,001.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SimExchange, SimEndpoints } from '../../../../src-main/sim/SimExchange'
import { reply, startSim, token, wsSession, type Msg, type Session } from './uwsHelpers'

let sim: SimExchange
let ep: SimEndpoints
let tok: string

beforeAll(async () => {
  ;({ sim, ep } = await startSim())
  tok = await token(sim, ep)
})
afterAll(() => sim.stop())

async function subscribe(s: Session, id: number, params: Record<string, unknown>): Promise<Msg> {
  s.send({ method: 'subscribe', params, req_id: id })
  return s.next(reply(id))
}

const candle = (m: Msg): Msg => (m.data as Msg[])[0]!
/** the interval start (RFC 3339) of the `minutes` candle holding `timestamp` */
const startOf = (timestamp: string, minutes: number): string => {
  const ms = Date.parse(timestamp)
  return new Date(ms - (ms % (minutes * 60_000))).toISOString().replace('Z', '000Z')
}

describe('Unified WS ohlc', () => {
  it('trade candles (the default tick_type): empty snapshot, an update after a trade, then a snapshot holding it', async () => {
    const s = await wsSession(ep.uwsPublic)
    const ohlc = { channel: 'ohlc', asset_class: 'derivatives', symbol: ['PF_XBTUSD'], interval: 5 }
    expect(await subscribe(s, 1, ohlc)).toMatchObject({
      success: true,
      result: { channel: 'ohlc', symbol: 'PF_XBTUSD', interval: '5', tick_type: 'trade', snapshot: true },
    })
    expect(await s.next((m) => m.channel === 'ohlc' && m.type === 'snapshot')).toEqual({
      channel: 'ohlc',
      type: 'snapshot',
      data: [],
    })
    const p = await wsSession(ep.uwsPrivate)
    p.send({
      method: 'add_order',
      params: {
        asset_class: 'derivatives',
        order_type: 'market',
        side: 'buy',
        symbol: 'PF_XBTUSD',
        order_qty: '0.008',
        token: tok,
      },
      req_id: 2,
    })
    expect(await p.next(reply(2))).toMatchObject({ success: true })
    const upd = candle(await s.next((m) => m.channel === 'ohlc' && m.type === 'update'))
    expect(upd).toEqual({
      symbol: 'PF_XBTUSD',
      open: '65001',
      high: '65001',
      low: '65001',
      close: '65001',
      trades: '1',
      volume: '0.0080',
      vwap: '65001',
      interval_begin: startOf(upd.timestamp as string, 5),
      interval: '5',
      timestamp: upd.timestamp,
    })
    // a new subscriber's snapshot holds the candle as it stands
    const t = await wsSession(ep.uwsPublic)
    await subscribe(t, 3, ohlc)
    const snap = await t.next((m) => m.channel === 'ohlc' && m.type === 'snapshot')
    expect(snap.data).toEqual([{ ...upd, timestamp: candle(snap).timestamp }])
    // unsubscribe names the same interval (default tick_type)
    s.send({ method: 'unsubscribe', params: ohlc, req_id: 4 })
    expect(await s.next(reply(4))).toMatchObject({
      success: true,
      result: { channel: 'ohlc', symbol: 'PF_XBTUSD' },
    })
    for (const c of [s, t, p]) c.close()
  })

  it('mark candles follow the mark: 65,000 at subscribe, then 60,300 when the index drops to 60,000; spot candles the index', async () => {
    const s = await wsSession(ep.uwsPublic)
    const ohlc = {
      channel: 'ohlc',
      asset_class: 'derivatives',
      symbol: ['PF_XBTUSD'],
      interval: 1,
      tick_type: 'mark',
    }
    expect(await subscribe(s, 1, ohlc)).toMatchObject({
      success: true,
      result: { channel: 'ohlc', symbol: 'PF_XBTUSD', interval: '1', tick_type: 'mark' },
    })
    const snap = await s.next((m) => m.channel === 'ohlc' && m.type === 'snapshot')
    const first = candle(snap)
    expect(first).toMatchObject({ close: '65000', trades: '0', volume: '0.0000', vwap: '65000' })
    // the mark is index + the book's premium, capped at 0.5 % of the index (60,000 + 300)
    sim.derivatives.setIndexOverride('PF_XBTUSD', 60000n)
    const upd = candle(
      await s.next((m) => m.channel === 'ohlc' && m.type === 'update' && candle(m).close === '60300'),
    )
    expect(upd).toMatchObject({
      symbol: 'PF_XBTUSD',
      low: '60300',
      close: '60300',
      trades: '0',
      interval: '1',
    })
    // same minute: the candle keeps its open and high; a new minute opens at the new mark
    if (upd.interval_begin === first.interval_begin)
      expect(upd).toMatchObject({ open: '65000', high: '65000' })
    else expect(upd).toMatchObject({ open: '60300', high: '60300' })
    // tick_type spot: the index itself
    await subscribe(s, 2, { ...ohlc, tick_type: 'spot' })
    const spot = await s.next((m) => m.channel === 'ohlc' && m.type === 'snapshot')
    expect(candle(spot)).toMatchObject({ close: '60000', low: '60000', trades: '0' })
    sim.derivatives.setIndexOverride('PF_XBTUSD', null)
    s.close()
  })

  it('refuses an unknown tick_type and interval in words', async () => {
    const s = await wsSession(ep.uwsPublic)
    const base = { channel: 'ohlc', asset_class: 'derivatives', symbol: ['PF_XBTUSD'] }
    expect(await subscribe(s, 1, { ...base, tick_type: 'index' })).toMatchObject({
      success: false,
      error: 'EGeneral:Invalid arguments:tick_type',
    })
    expect(await subscribe(s, 2, { ...base, interval: 7 })).toMatchObject({
      success: false,
      error: 'EGeneral:Invalid arguments:interval',
    })
    s.close()
  })
})
