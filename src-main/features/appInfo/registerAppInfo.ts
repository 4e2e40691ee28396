import type { InstrumentRegistry } from '../../core/instruments/InstrumentRegistry'
import type { StreamHub } from '../../ipc/StreamHub'
import type { Instrument } from '../../core/instruments/InstrumentRegistry'
import type { AppInfo, HostKind, InstrumentMeta, VenueKind } from '../../../src-preload/contract/types'

/** Who a window is talking to: host, venue, and the instruments it may trade. */
export function registerAppInfo(
  hub: StreamHub,
  f: {
    version: string
    host: HostKind
    venue: () => VenueKind
    registry: () => InstrumentRegistry | null
    /** market data's instrument list, until reference data arrived */
    feedSymbols: () => string[]
  },
): void {
  hub.command('app.info', (): AppInfo => {
    const registry = f.registry()
    return {
      name: 'Trident',
      version: f.version,
      host: f.host,
      venue: f.venue(),
      symbols: registry?.all.map((i) => i.id) ?? f.feedSymbols(),
      instruments: (registry?.all ?? []).map(instrumentMeta),
    }
  })
}

/** What a window knows of an instrument: its rules, and for a derivatives contract its terms. */
function instrumentMeta(i: Instrument): InstrumentMeta {
  const m: InstrumentMeta = {
    symbol: i.id,
    base: i.base,
    quote: i.quote,
    tickSize: i.tickSize,
    ordermin: i.ordermin,
    costmin: i.costmin,
    pricePrecision: i.pricePrecision,
    qtyPrecision: i.qtyPrecision,
  }
  if (i.marginLeverage?.length) m.marginLeverage = [...i.marginLeverage]
  const c = i.contract
  if (i.assetClass === 'derivatives' && c) {
    const first = c.marginLevels[0]
    m.assetClass = 'derivatives'
    m.contract = {
      kind: c.kind,
      contractSize: c.contractSize,
      qtyStep: c.qtyStep,
      initialMargin: first?.initialMargin ?? '',
      maintenanceMargin: first?.maintenanceMargin ?? '',
      maxLeverage: first ? maxLeverage(first.initialMargin) : '',
      maxPosition: c.maxPosition,
      fundingIntervalMs: c.fundingIntervalMs,
      ...(c.expiry !== undefined ? { expiry: c.expiry } : {}),
    }
  }
  return m
}

/** 1 ÷ initial margin, whole times ("0.02" → "50"): the most leverage the smallest tier allows. */
function maxLeverage(initialMargin: string): string {
  const [w = '0', f = ''] = initialMargin.split('.')
  const scale = 10n ** BigInt(f.length)
  const units = BigInt(w + f)
  return units > 0n ? (scale / units).toString() : ''
}
