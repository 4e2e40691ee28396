/*
 * What Kraken lets a trader do while its trading engine, or one pair, is not fully online.
 * Kraken says it in two places: the engine's `system` state (WS v2 `status` channel, REST
 * SystemStatus, FIX TradingSessionStatus 340) and each pair's `status` (REST AssetPairs, WS v2
 * `instrument`). Kraken refuses what these forbid (`EService:Market in cancel_only mode`, …); Trident
 * refuses it first, in words, so the trader learns why before anything is sent, and learns that a
 * cancel will not work in maintenance instead of waiting on one.
 *
 * Engine states (docs.kraken.com, spot-websocket-v2/status):
 * - online: everything;
 * - maintenance: no new orders, and existing orders cannot be cancelled;
 * - cancel_only: cancels only, no matching;
 * - post_only: only post-only limit orders, cancels, no matching.
 * Pair states (REST AssetPairs `status`): online, cancel_only, post_only, limit_only, reduce_only;
 * Kraken also lists delisted, work_in_progress and maintenance for pairs. An unknown state is
 * treated as closed to new orders: guessing that it allows trading could send an order Kraken
 * would refuse, or worse, accept in a mode the trader did not expect.
 */

export type EngineStatus = 'online' | 'maintenance' | 'cancel_only' | 'post_only'

export interface MarketStatus {
  /** the trading engine's state as the venue last said it; absent until it says */
  engine?: string
  /** the pair's state from the venue's reference data; absent = online */
  pair?: string
}

export interface NewOrder {
  symbol: string
  /** Kraken's order type (a tracked order keeps it as text) */
  type: string
  postOnly?: boolean
  reduceOnly?: boolean
}

const WORDS: Record<string, string> = {
  maintenance: 'is in maintenance',
  cancel_only: 'is in cancel-only mode',
  post_only: 'is in post-only mode',
  limit_only: 'is in limit-only mode',
  reduce_only: 'is in reduce-only mode',
  delisted: 'is delisted',
  work_in_progress: 'is not open for trading yet',
}

const said = (state: string): string => WORDS[state] ?? `is "${state}"`

/** Why a new order may not be sent now, in words; null when it may. */
export function placeRefusal(s: MarketStatus, o: NewOrder): string | null {
  const engine = s.engine ?? 'online'
  if (engine !== 'online') {
    if (engine === 'post_only') {
      if (o.type !== 'limit' || !o.postOnly)
        return `Kraken's trading engine ${said(engine)}: only post-only limit orders are accepted (tick Post only)`
    } else if (engine === 'maintenance' || engine === 'cancel_only') {
      return `Kraken's trading engine ${said(engine)}: new orders are not accepted`
    } else {
      return `Kraken's trading engine ${said(engine)}: Trident sends no new orders until it is online`
    }
  }
  const pair = s.pair ?? 'online'
  switch (pair) {
    case 'online':
      return null
    case 'post_only':
      return o.type === 'limit' && o.postOnly
        ? null
        : `${o.symbol} ${said(pair)} at Kraken: only post-only limit orders are accepted (tick Post only)`
    case 'limit_only':
      return o.type === 'limit' ? null : `${o.symbol} ${said(pair)} at Kraken: only limit orders are accepted`
    case 'reduce_only':
      return o.reduceOnly
        ? null
        : `${o.symbol} ${said(pair)} at Kraken: only orders that reduce a position are accepted (tick Reduce only)`
    case 'cancel_only':
      return `${o.symbol} ${said(pair)} at Kraken: new orders are not accepted; working orders can be cancelled`
    default:
      return `${o.symbol} ${said(pair)} at Kraken: new orders are not accepted`
  }
}

/** Why an amend may not be sent now; an amend is refused wherever a new order of its kind would be. */
export function amendRefusal(s: MarketStatus, o: NewOrder): string | null {
  return placeRefusal(s, o)
}

/** Why a cancel cannot work now: only in maintenance does Kraken refuse cancels. */
export function cancelRefusal(s: MarketStatus): string | null {
  const engine = s.engine ?? 'online'
  return engine === 'maintenance'
    ? "Kraken's trading engine is in maintenance: orders cannot be cancelled until it is back"
    : null
}

/** The engine state in a short phrase for the connections panel; null when online. */
export function engineNote(engine: string | undefined): string | null {
  if (engine === undefined || engine === 'online') return null
  return `Kraken ${said(engine)}`
}

/** What an engine state means for the trader, in a sentence (the notice that pins it). */
export function engineMeaning(engine: string): string {
  switch (engine) {
    case 'maintenance':
      return 'new orders are refused, and working orders cannot be cancelled until it is back'
    case 'cancel_only':
      return 'new orders are refused; working orders can be cancelled; nothing matches'
    case 'post_only':
      return 'only post-only limit orders are accepted; working orders can be cancelled; nothing matches'
    default:
      return 'Trident sends no new orders until Kraken says it is online'
  }
}
