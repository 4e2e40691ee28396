import type { InstrumentRegistry } from '../../core/instruments/InstrumentRegistry'
import type { StreamHub } from '../../ipc/StreamHub'
import type { AppInfo, HostKind, VenueKind } from '../../../src-preload/contract/types'

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
      instruments: (registry?.all ?? []).map((i) => ({
        symbol: i.id,
        base: i.base,
        quote: i.quote,
        tickSize: i.tickSize,
        ordermin: i.ordermin,
        costmin: i.costmin,
        pricePrecision: i.pricePrecision,
        qtyPrecision: i.qtyPrecision,
      })),
    }
  })
}
