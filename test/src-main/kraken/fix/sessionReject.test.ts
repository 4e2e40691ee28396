import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DecodedFix } from '../../../../src-main/kraken/fix/fixFields'
import { KrakenFixClient } from '../../../../src-main/kraken/fix/KrakenFixClient'
import { SimExchange } from '../../../../src-main/sim/SimExchange'
import { until } from '../../../helpers/until'

/**
 * Kraken refuses a NewOrderSingle with a bad or missing field by a session-level Reject (35=3,
 * nos-fix), which jspurefix handles internally and never hands to the application. Trident's
 * client must pass it on, naming the order it refers to, so the order does not stay "pending".
 */
let sim: SimExchange
let c: KrakenFixClient
const msgs: DecodedFix[] = []

beforeAll(async () => {
  sim = new SimExchange({ seed: 45, messagesPerSecond: 0 })
  const ep = await sim.start()
  c = new KrakenFixClient({
    host: '127.0.0.1',
    port: ep.fix.port,
    senderCompId: 'REJ1',
    credentials: sim.credentials[0]!,
    dataDir: mkdtempSync(join(tmpdir(), 'trident-fix-rej-')),
    onMessage: (m) => msgs.push(m),
    random: () => 0,
  })
  await c.start()
  await until(() => c.state === 'online', 'FIX logon')
})
afterAll(async () => {
  await c.stop()
  await sim.stop()
})

describe('KrakenFixClient: session Rejects reach the application', () => {
  it('a 35=3 for a NewOrderSingle comes out with its RefSeqNum, RefMsgType and the ClOrdID (379)', async () => {
    const seq = c.newOrder({
      clOrdId: '1700000000000001',
      symbol: 'XBT/USD',
      side: 'buy',
      type: 'limit',
      qty: 'abc',
      limitPrice: '20000.0',
      tif: 'GTC',
    })
    const rej = await until(() => msgs.find((m) => m.type === '3'), 'session Reject')
    expect([rej.get(45), rej.get(372), rej.get(373), rej.get(371), rej.get(379), rej.get(58)]).toEqual([
      String(seq),
      'D',
      '6',
      '38',
      '1700000000000001',
      'Incorrect data format for value: 38',
    ])
    expect(c.state).toBe('online')
  })
})
