import { crc32 } from 'node:zlib'
import type { SimInstrument } from '../instruments'
import { unitsToDecimal } from '../market/SyntheticBook'

/**
 * Kraken WS v2 wire formatting for the simulator. Book prices and quantities are written as JSON
 * numbers carrying full precision (e.g. 0.00100000), as Kraken does: a client that parses them
 * with JSON.parse loses the trailing zeros, which is exactly what the checksum catches.
 */

export function wireTime(ms: number = Date.now()): string {
  // Kraken sends microsecond RFC3339 timestamps
  return new Date(ms).toISOString().replace('Z', '000Z')
}

export function levelsJson(levels: readonly [number, bigint][], inst: SimInstrument): string {
  return (
    '[' +
    levels
      .map(
        ([p, q]) =>
          `{"price":${unitsToDecimal(p, inst.pricePrecision)},"qty":${unitsToDecimal(q, inst.qtyPrecision)}}`,
      )
      .join(',') +
    ']'
  )
}

/** Kraken v2 book checksum over the top 10 asks then top 10 bids (simulator's own implementation). */
export function bookChecksum(bids: readonly [number, bigint][], asks: readonly [number, bigint][]): number {
  let s = ''
  for (const [p, q] of asks.slice(0, 10)) s += String(p) + q.toString()
  for (const [p, q] of bids.slice(0, 10)) s += String(p) + q.toString()
  return crc32(s) >>> 0
}

export function instrumentSnapshotJson(instruments: readonly SimInstrument[]): string {
  const assets = new Map<string, string>()
  const pairs = instruments.map((i) => {
    const [base, quote] = i.symbol.split('/') as [string, string]
    assets.set(base, base)
    assets.set(quote, quote)
    return (
      `{"symbol":"${i.symbol}","base":"${base}","quote":"${quote}","status":"online",` +
      `"qty_precision":${i.qtyPrecision},"qty_increment":${i.qtyIncrement},` +
      `"price_precision":${i.pricePrecision},"cost_precision":${i.costPrecision},` +
      `"marginable":false,"has_index":true,"cost_min":${i.costmin},` +
      `"tick_size":${i.tickSize},"price_increment":${i.tickSize},"qty_min":${i.ordermin}}`
    )
  })
  const assetJson = [...assets.keys()].map(
    (a) =>
      `{"id":"${a}","status":"enabled","precision":10,"precision_display":5,"borrowable":false,"collateral_value":0,"margin_rate":0}`,
  )
  return `{"channel":"instrument","type":"snapshot","data":{"assets":[${assetJson.join(',')}],"pairs":[${pairs.join(',')}]}}`
}
