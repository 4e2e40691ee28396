import { crc32 } from 'node:zlib'
import { SimExchange, type SimEndpoints } from '../../../../src-main/sim/SimExchange'
import { privateCall, wsSession, type Msg } from '../../../helpers/krakenTestClient'

export type Session = Awaited<ReturnType<typeof wsSession>>

export async function startSim(
  opts: ConstructorParameters<typeof SimExchange>[0] = {},
): Promise<{ sim: SimExchange; ep: SimEndpoints }> {
  const sim = new SimExchange({ seed: 7, messagesPerSecond: 0, ...opts })
  const ep = await sim.start()
  return { sim, ep }
}

export async function token(sim: SimExchange, ep: SimEndpoints): Promise<string> {
  const r = await privateCall(ep.rest, sim.credentials[0]!, 'GetWebSocketsToken')
  return r.result!.token as string
}

export const reply = (id: number) => (m: Msg) => m.req_id === String(id)

/** Kraken v2 checksum computed independently from the levels as sent (decimal text). */
export function checksum(bids: [string, string][], asks: [string, string][]): number {
  const part = (p: string, q: string): string =>
    p.replace('.', '').replace(/^0+/, '') + q.replace('.', '').replace(/^0+/, '')
  let s = ''
  for (const [p, q] of asks.slice(0, 10)) s += part(p, q)
  for (const [p, q] of bids.slice(0, 10)) s += part(p, q)
  return crc32(s) >>> 0
}

export { wsSession, type Msg }
