import type { ApiCredential } from './rest/auth'
import type { SimEndpoints } from './SimExchange'

/**
 * What `npm run sim` prints once the exchange listens: every endpoint a client can connect to
 * (spot REST, WS v2, FIX; derivatives Unified WS and FIX) and the account's API key, so a
 * standalone exchange can be reached without reading code.
 */
export function bannerLines(
  seed: number,
  ep: SimEndpoints,
  instruments: readonly string[],
  perpetuals: readonly string[],
  cred: ApiCredential,
): string[] {
  return [
    `Trident built-in exchange running (seed ${seed})`,
    `  REST:                ${ep.rest}/0/public/Time`,
    `  WebSocket v2 public: ${ep.wsPublic}`,
    `  WebSocket v2 auth:   ${ep.wsPrivate}`,
    `  FIX 4.4:             ${ep.fix.host}:${ep.fix.port} (TargetCompID KRAKEN-TRD / KRAKEN-MD)`,
    `  Unified WS public:   ${ep.uwsPublic}`,
    `  Unified WS private:  ${ep.uwsPrivate}`,
    `  FIX derivatives:     ${ep.fixDerivatives.host}:${ep.fixDerivatives.port} (TargetCompID KRAKEN-DRV-TRD)`,
    `  instruments:         ${instruments.join(', ')}`,
    `  perpetuals:          ${perpetuals.join(', ')}`,
    `  account "${cred.account}": API key ${cred.apiKey}`,
    `                        API secret ${cred.apiSecret}`,
  ]
}
