/**
 * Kraken Spot REST margin queries of the built-in exchange: OpenPositions and TradeBalance, in
 * the shapes of Kraken's doc examples (docs.kraken.com get-open-positions, get-trade-balance) and
 * of ccxt's live recording of `consolidation=market` (test/conformance/corpus/rest). What the
 * positions are and what is not modelled: engine/marginPositions.ts.
 */
import { formatAsset } from '../engine/Accounts'
import type { MarginPosition } from '../engine/MatchingEngine'
import { KrakenError } from '../engine/types'
import { ASSET_BY_REST, SIM_ASSETS } from '../instruments'
import { unitsToDecimal } from '../decimal'
import { parseBool, text } from '../requests'
import type { PrivateHandler, SimRestDeps } from './restDeps'

type Valued = MarginPosition & { value: bigint; net: bigint }

/** the open part's cost basis (TradeBalance c) */
const basis = (p: Valued): bigint => (p.cost * (p.vol - p.volClosed)) / p.vol
/** the margin the open part uses (TradeBalance m) */
const inUse = (p: Valued): bigint => (p.margin * (p.vol - p.volClosed)) / p.vol
/** Kraken signs a position's net P&L ("+154186.9728" in its example) */
const signed = (v: bigint, d: number): string => (v >= 0n ? '+' : '') + formatAsset(v, d)
/** rollover every 4 hours, as Kraken's terms say; the next one after opening (reported, never charged) */
const ROLLOVER_S = 4 * 3600

export function marginQueries(deps: SimRestDeps): Map<string, PrivateHandler> {
  const { engine, instruments } = deps
  return new Map<string, PrivateHandler>([
    [
      'OpenPositions',
      (account, p) => {
        const ids = (text(p.txid) ?? '').split(',').filter(Boolean)
        const calcs = parseBool(p.docalcs)
        const positions = engine
          .marginPositions(account)
          .filter((x) => ids.length === 0 || ids.includes(x.id))
        const consolidation = text(p.consolidation)
        if (consolidation !== undefined && consolidation !== 'market')
          throw new KrakenError('EGeneral:Invalid arguments:consolidation')
        if (consolidation === 'market')
          // one entry per pair (here one position per pair): 8 decimals throughout, as recorded
          return positions.map((x) => {
            const i = instruments.get(x.symbol)!
            const e: Record<string, unknown> = {
              pair: i.restPair,
              positions: '1',
              type: x.side,
              leverage: unitsToDecimal(BigInt(x.leverage) * 10n ** 8n, 8),
              cost: formatAsset(x.cost, 8),
              fee: formatAsset(x.fee, 8),
              vol: unitsToDecimal(x.vol, i.qtyPrecision),
              vol_closed: unitsToDecimal(x.volClosed, i.qtyPrecision),
              margin: formatAsset(x.margin, 8),
            }
            if (calcs) {
              e.value = formatAsset(x.value, 8)
              e.net = formatAsset(x.net, 8)
            }
            return e
          })
        return Object.fromEntries(
          positions.map((x) => {
            const i = instruments.get(x.symbol)!
            const opened = Math.floor(x.openedAt / 1000)
            const e: Record<string, unknown> = {
              ordertxid: x.ordertxid,
              posstatus: 'open',
              pair: i.restPair,
              time: x.openedAt / 1000,
              type: x.side,
              ordertype: x.ordertype,
              cost: formatAsset(x.cost, i.costPrecision),
              fee: formatAsset(x.fee, i.costPrecision),
              vol: unitsToDecimal(x.vol, i.qtyPrecision),
              vol_closed: unitsToDecimal(x.volClosed, i.qtyPrecision),
              margin: formatAsset(x.margin, i.costPrecision),
            }
            if (calcs) {
              e.value = formatAsset(x.value, i.costPrecision)
              e.net = signed(x.net, 4)
            }
            // no rollover fee is charged by the built-in exchange: its terms say so
            e.terms = '0.0000% per 4 hours'
            e.rollovertm = String(opened + ROLLOVER_S - (opened % ROLLOVER_S))
            e.misc = ''
            e.oflags = ''
            return [x.id, e]
          }),
        )
      },
    ],
    [
      'TradeBalance',
      (account, p) => {
        const name = text(p.asset) ?? 'ZUSD'
        const asset = ASSET_BY_REST.get(name) ?? SIM_ASSETS.find((a) => a.altname === name)
        if (!asset) throw new KrakenError('EQuery:Unknown asset')
        // collateral is the quote currency only: the balance of `asset` is the whole trade balance
        // (other currencies are not valued into it), and only positions quoted in it count
        const tb = engine.accounts.balance(account, asset.rest)
        const ps = engine
          .marginPositions(account)
          .filter((x) => instruments.get(x.symbol)!.quote === asset.rest)
        const sum = (f: (x: Valued) => bigint) => ps.reduce((s, x) => s + f(x), 0n)
        const m = sum(inUse)
        const n = sum((x) => x.net)
        const e = tb + n
        const out: Record<string, string> = {
          eb: formatAsset(tb, 4),
          tb: formatAsset(tb, 4),
          m: formatAsset(m, 4),
          n: formatAsset(n, 4),
          c: formatAsset(sum(basis), 4),
          v: formatAsset(
            sum((x) => x.value),
            4,
          ),
          e: formatAsset(e, 4),
          mf: formatAsset(e - m, 4),
        }
        // margin level only while margin is used (Kraken's example without positions has no ml)
        if (m > 0n) out.ml = formatAsset((e * 100n * 10n ** 18n) / m, 2)
        return out
      },
    ],
  ])
}
