import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InstrumentRegistry } from '../../src-main/core/instruments/InstrumentRegistry'
import { FixOrderGateway } from '../../src-main/kraken/fix/FixOrderGateway'
import { KrakenFixClient } from '../../src-main/kraken/fix/KrakenFixClient'
import { SimExchange } from '../../src-main/sim/SimExchange'
import { PF_ETHUSD } from '../helpers/contracts'
import { until } from '../helpers/until'
import { WireCapture } from '../src-main/kraken/fix/wireCapture'
import { corpusMessage } from './corpus'

/**
 * What Trident's derivatives FIX session puts on the wire for a NewOrderSingle on a perpetual,
 * through the order gateway the app uses, against Kraken's one documented derivatives example
 * (`fix.D.nos-futures`: 49=…_DRV, 56=KRAKEN-DRV-TRD, 55=PF_ETHUSD, 18=s): tag by tag, ignoring
 * what differs by nature (BodyLength, CheckSum, MsgSeqNum, SendingTime, TransactTime, ClOrdID).
 */
const IGNORED = new Set([9, 10, 34, 52, 60, 11])

let sim: SimExchange
let wire: WireCapture
let c: KrakenFixClient

beforeAll(async () => {
  sim = new SimExchange({ seed: 48, messagesPerSecond: 0, derivatives: { messagesPerSecond: 0 } })
  const ep = await sim.start()
  wire = new WireCapture(ep.fixDerivatives.port)
  c = new KrakenFixClient({
    host: '127.0.0.1',
    port: await wire.start(),
    senderCompId: 'damien2_DRV', // as in Kraken's example, so 49 compares too
    targetCompId: 'KRAKEN-DRV-TRD',
    credentials: sim.credentials[0]!,
    dataDir: mkdtempSync(join(tmpdir(), 'trident-fix-drv-out-')),
    random: () => 0,
  })
  await c.start()
  await until(() => c.state === 'online', 'derivatives FIX logon')
})
afterAll(async () => {
  await c.stop()
  await wire.stop()
  await sim.stop()
})

function comparable(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [t, v] of WireCapture.fields(text)) if (!IGNORED.has(t)) out[t] = v
  return out
}

describe("Trident's derivatives FIX against Kraken's documented example", () => {
  it('NewOrderSingle (D) on PF_ETHUSD through the order gateway: equals fix.D.nos-futures, 18=s included', async () => {
    const gw = new FixOrderGateway({
      fix: c,
      registry: () => new InstrumentRegistry([PF_ETHUSD]),
      emit: () => {},
    })
    const clOrdId = '9e58120f-182b-4dce-9609-8ca7cdd174f0'
    await gw.place({
      req: { symbol: 'PF_ETHUSD', side: 'buy', type: 'limit', qty: '0.1', limitPrice: '1000', tif: 'GTC' },
      inst: PF_ETHUSD,
      clOrdId,
    })
    const sent = await until(
      () => wire.sent.find((m) => m.includes('|35=D|') && m.includes(`|11=${clOrdId}|`)),
      '35=D on the wire',
    )
    expect(comparable(sent)).toEqual(comparable(corpusMessage('fix.D.nos-futures').text))
  })

  it('reduce-only and an index trigger: ExecInst "E s" and DiscretionInst 388=1', async () => {
    const gw = new FixOrderGateway({
      fix: c,
      registry: () => new InstrumentRegistry([PF_ETHUSD]),
      emit: () => {},
    })
    const clOrdId = '0b7a1c4e-0000-7000-8000-000000000001'
    await gw.place({
      req: {
        symbol: 'PF_ETHUSD',
        side: 'sell',
        type: 'stop-loss',
        qty: '0.1',
        triggerPrice: '900',
        tif: 'GTC',
        reduceOnly: true,
        triggerSignal: 'index',
      },
      inst: PF_ETHUSD,
      clOrdId,
    })
    const sent = await until(
      () => wire.sent.find((m) => m.includes(`|11=${clOrdId}|`)),
      'the stop on the wire',
    )
    const tags = new Map(WireCapture.fields(sent))
    expect([tags.get(18), tags.get(388), tags.get(99), tags.get(40), tags.get(55)]).toEqual([
      'E s',
      '1',
      '900',
      '3',
      'PF_ETHUSD',
    ])
  })
})
