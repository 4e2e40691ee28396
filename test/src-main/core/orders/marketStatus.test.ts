import { describe, expect, it } from 'vitest'
import {
  amendRefusal,
  cancelRefusal,
  engineNote,
  placeRefusal,
} from '../../../../src-main/core/orders/marketStatus'

const limit = { symbol: 'BTC/USD', type: 'limit' as const }
const postOnlyLimit = { ...limit, postOnly: true }
const market = { symbol: 'BTC/USD', type: 'market' as const }

describe('what Kraken lets through while the engine or a pair is not online', () => {
  it('online everywhere (or not said yet): every order goes', () => {
    expect(placeRefusal({}, market)).toBeNull()
    expect(placeRefusal({ engine: 'online', pair: 'online' }, market)).toBeNull()
    expect(cancelRefusal({})).toBeNull()
  })

  it('engine in maintenance: no new order, and a cancel is said not to work', () => {
    expect(placeRefusal({ engine: 'maintenance' }, postOnlyLimit)).toBe(
      "Kraken's trading engine is in maintenance: new orders are not accepted",
    )
    expect(cancelRefusal({ engine: 'maintenance' })).toBe(
      "Kraken's trading engine is in maintenance: orders cannot be cancelled until it is back",
    )
  })

  it('engine cancel-only: no new order or amend, cancels go', () => {
    expect(placeRefusal({ engine: 'cancel_only' }, limit)).toBe(
      "Kraken's trading engine is in cancel-only mode: new orders are not accepted",
    )
    expect(amendRefusal({ engine: 'cancel_only' }, postOnlyLimit)).not.toBeNull()
    expect(cancelRefusal({ engine: 'cancel_only' })).toBeNull()
  })

  it('engine post-only: only a post-only limit goes', () => {
    expect(placeRefusal({ engine: 'post_only' }, postOnlyLimit)).toBeNull()
    expect(placeRefusal({ engine: 'post_only' }, limit)).toBe(
      "Kraken's trading engine is in post-only mode: only post-only limit orders are accepted (tick Post only)",
    )
    expect(placeRefusal({ engine: 'post_only' }, { ...market, postOnly: true })).not.toBeNull()
  })

  it('an engine state Kraken has not documented closes new orders, and names the state', () => {
    expect(placeRefusal({ engine: 'halted' }, postOnlyLimit)).toBe(
      'Kraken\'s trading engine is "halted": Trident sends no new orders until it is online',
    )
  })

  it("a pair's own state", () => {
    expect(placeRefusal({ pair: 'cancel_only' }, limit)).toBe(
      'BTC/USD is in cancel-only mode at Kraken: new orders are not accepted; working orders can be cancelled',
    )
    expect(placeRefusal({ pair: 'limit_only' }, limit)).toBeNull()
    expect(placeRefusal({ pair: 'limit_only' }, market)).toBe(
      'BTC/USD is in limit-only mode at Kraken: only limit orders are accepted',
    )
    expect(placeRefusal({ pair: 'post_only' }, limit)).toBe(
      'BTC/USD is in post-only mode at Kraken: only post-only limit orders are accepted (tick Post only)',
    )
    expect(placeRefusal({ pair: 'post_only' }, postOnlyLimit)).toBeNull()
    expect(placeRefusal({ pair: 'reduce_only' }, limit)).toBe(
      'BTC/USD is in reduce-only mode at Kraken: only orders that reduce a position are accepted (tick Reduce only)',
    )
    expect(placeRefusal({ pair: 'reduce_only' }, { ...limit, reduceOnly: true })).toBeNull()
    expect(placeRefusal({ pair: 'delisted' }, limit)).toBe(
      'BTC/USD is delisted at Kraken: new orders are not accepted',
    )
    expect(placeRefusal({ pair: 'work_in_progress' }, limit)).toBe(
      'BTC/USD is not open for trading yet at Kraken: new orders are not accepted',
    )
  })

  it('the engine is checked before the pair', () => {
    expect(placeRefusal({ engine: 'cancel_only', pair: 'limit_only' }, market)).toBe(
      "Kraken's trading engine is in cancel-only mode: new orders are not accepted",
    )
  })

  it('says the engine state for the connections panel only when it is not online', () => {
    expect(engineNote(undefined)).toBeNull()
    expect(engineNote('online')).toBeNull()
    expect(engineNote('cancel_only')).toBe('Kraken is in cancel-only mode')
  })
})
