import type { KrakenRestClient } from './KrakenRestClient'

type Json = Record<string, unknown>

/** One open spot margin position, as Kraken's OpenPositions reports it (decimal text, exact). */
export interface OpenMarginPosition {
  /** Kraken's position id (the opening trade's txid) */
  id: string
  /** Kraken's pair name as reported ("XXBTZUSD"); resolve it through the instrument registry */
  pair: string
  /** the order that opened it */
  orderId: string
  side: 'buy' | 'sell'
  /** opened volume, base currency */
  volume: string
  volumeClosed: string
  /** opening cost, quote currency */
  cost: string
  fee: string
  /** initial margin consumed, quote currency */
  margin: string
  /** current value of the open part (docalcs), quote currency */
  value: string
  /** unrealised P&L of the open part (docalcs), quote currency; Kraken's "+" dropped */
  net: string
  /** the leverage level ("2"), read as cost ÷ margin (see leverageOf) */
  leverage: string
}

/**
 * REST OpenPositions with P&L (`docalcs`), one entry per position (docs.kraken.com
 * get-open-positions). Kraken's per-position entries carry no leverage field (only the
 * consolidated view does, and that one has no ids): the level is the opening cost over the
 * initial margin, rounded to the whole level Kraken offers (its doc example: 104610.52842 over
 * 20922.10568 is 5 to seven places). Background work: waits for room on Kraken's REST counter.
 */
export async function openPositions(rest: Pick<KrakenRestClient, 'private'>): Promise<OpenMarginPosition[]> {
  const r = await rest.private<Record<string, Json>>('OpenPositions', { docalcs: true }, { queue: true })
  return Object.entries(r ?? {}).map(([id, p]) => {
    const text = (k: string, fallback = '0') => (p[k] === undefined ? fallback : String(p[k]))
    return {
      id,
      pair: text('pair', ''),
      orderId: text('ordertxid', ''),
      side: p.type === 'sell' ? 'sell' : 'buy',
      volume: text('vol'),
      volumeClosed: text('vol_closed'),
      cost: text('cost'),
      fee: text('fee'),
      margin: text('margin'),
      value: text('value'),
      net: text('net').replace(/^\+/, ''),
      leverage: leverageOf(text('cost'), text('margin')),
    }
  })
}

/** cost ÷ margin to the nearest whole number, exactly (decimal text in, whole text out; "0" if no margin). */
export function leverageOf(cost: string, margin: string): string {
  const scale = Math.max(decimals(cost), decimals(margin))
  const c = units(cost, scale)
  const m = units(margin, scale)
  if (m <= 0n) return '0'
  return ((2n * c + m) / (2n * m)).toString()
}

const decimals = (t: string): number => (t.split('.')[1] ?? '').length

function units(t: string, scale: number): bigint {
  const [i, f = ''] = t.replace(/^[+-]/, '').split('.')
  return BigInt((i || '0') + f.padEnd(scale, '0'))
}
