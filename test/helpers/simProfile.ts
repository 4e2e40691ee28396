import { join } from 'node:path'
import type { VenueProfile } from '../../src-main/app/TridentCore'
import type { SimEndpoints, SimExchange } from '../../src-main/sim/SimExchange'

/**
 * A venue profile for the built-in exchange started by a test (in the test's process), as a live
 * profile is: its endpoints, its first account's keys, its own FIX SenderCompID, and a profile
 * folder under `dataDir`. A core started on it journals and restores as on live Kraken.
 */
export function simVenueProfile(
  sim: SimExchange,
  ep: SimEndpoints,
  dataDir: string,
  senderCompId: string,
): VenueProfile {
  const cred = sim.credentials[0]!
  return {
    id: 'sim-external',
    kind: 'simulator',
    rest: ep.rest,
    wsPublic: ep.wsPublic,
    wsPrivate: ep.wsPrivate,
    fix: { host: ep.fix.host, port: ep.fix.port, senderCompId },
    credentials: { apiKey: cred.apiKey, apiSecret: cred.apiSecret },
    tier: 'intermediate', // the built-in exchange's default tier: our governor must model the venue's counter
    dataDir: join(dataDir, 'profiles', 'sim-external'),
    cancelOnDisconnect: true,
  }
}
