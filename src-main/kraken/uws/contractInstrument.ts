import type { Instrument } from '../../core/instruments/InstrumentRegistry'
import type { UwsContract } from './types'

/**
 * A Unified WS contract as the app's instrument registry holds it (InstrumentRegistry.withContracts):
 * every Kraken name of a derivatives contract is its one venue symbol (PF_XBTUSD on UWS and on
 * Unified FIX, §2.1), and its terms ride along for margin, the ticket's step and funding.
 */
export function contractInstrument(c: UwsContract): Instrument {
  const i: Instrument = {
    id: c.symbol,
    wsSymbol: c.symbol,
    restPair: c.symbol,
    altname: c.symbol,
    wsnameV1: c.symbol,
    fixSymbol: c.symbol,
    base: c.base,
    quote: c.quote,
    restBase: c.base,
    restQuote: c.quote,
    pricePrecision: c.pricePrecision,
    qtyPrecision: c.qtyPrecision,
    // a contract's value (qty × price) is exact at the two precisions together
    costPrecision: c.pricePrecision + c.qtyPrecision,
    tickSize: c.tickSize,
    ordermin: c.qtyMin,
    // Kraken's derivatives instrument data has no order-value minimum (§2.3, §11)
    costmin: '0',
    status: c.status,
    assetClass: 'derivatives',
    contract: {
      kind: c.kind,
      contractSize: c.contractSize,
      qtyStep: c.qtyStep,
      marginLevels: c.marginLevels.map((l) => ({ ...l })),
      maxPosition: c.maxPosition,
      fundingIntervalMs: c.fundingIntervalMs,
    },
  }
  if (c.expiry !== undefined) i.contract!.expiry = c.expiry
  return i
}
