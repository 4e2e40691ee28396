import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SimExchange, type SimEndpoints } from '../../../../src-main/sim/SimExchange'
import {
  FixTestClient,
  fixTs,
  frame,
  frameOf,
  type Fields,
  type FixMsg,
} from '../../../helpers/fixTestClient'

/**
 * The built-in exchange's FIX session layer against FIX 4.4 vol. 2 session rules (QuickFIX as
 * the reference acceptor), each over a real socket with the exact messages in and out.
 */
let sim: SimExchange
let ep: SimEndpoints
let cred: { apiKey: string; apiSecret: string }
let n = 0

beforeAll(async () => {
  sim = new SimExchange({ seed: 23, messagesPerSecond: 0 })
  ep = await sim.start()
  cred = sim.credentials[0]!
})
afterAll(() => sim.stop())

async function loggedOn(): Promise<FixTestClient> {
  const c = await FixTestClient.connect(ep.fix.port, `RULES${++n}`)
  c.logon(cred)
  await c.next((m) => m.type === 'A')
  return c
}

/** header in the usual order, then `body`; seq defaults to the client's next */
function fields(c: FixTestClient, type: string, body: Fields, seq = c.seq++): Fields {
  return [[35, type], [49, c.sender], [56, 'KRAKEN-TRD'], [34, String(seq)], [52, fixTs()], ...body]
}

/** The session is alive and expects `c.seq`: a TestRequest at that number is answered. */
async function answersTestRequest(c: FixTestClient, id: string): Promise<FixMsg> {
  c.send('1', [[112, id]])
  const hb = await c.next((m) => m.type === '0' && m.get(112) === id)
  return hb
}

const rejectOf = (m: FixMsg) => ({
  45: m.get(45),
  371: m.get(371),
  372: m.get(372),
  373: m.get(373),
  58: m.get(58),
})

describe('FIX session layer: garbled and malformed frames', () => {
  it('a frame with a wrong CheckSum or BodyLength is ignored: no answer, no sequence number used', async () => {
    const c = await loggedOn()
    const good = frame('1', c.seq, c.sender, 'KRAKEN-TRD', [[112, 'bad-sum']])
    c.sendRaw(good.replace(/10=\d{3}/, (t) => (t === '10=000' ? '10=001' : '10=000')))
    const longer = frame('1', c.seq, c.sender, 'KRAKEN-TRD', [[112, 'bad-len']])
    const len = /9=(\d+)/.exec(longer)![1]!
    c.sendRaw(longer.replace(`9=${len}`, `9=${Number(len) - 3}`)) // BodyLength 3 short
    // the same sequence number is still the expected one
    await answersTestRequest(c, 'after-garbled')
    expect(c.messages.map((m) => m.type)).toEqual(['A', '0'])
    expect(c.closed).toBe(false)
    c.close()
  })

  it('a tag without a value is rejected (373=4) and the number is used up', async () => {
    const c = await loggedOn()
    const seq = c.seq
    c.sendRaw(frameOf(fields(c, '1', [[112, '']])))
    const rej = await c.next((m) => m.type === '3')
    expect(rejectOf(rej)).toEqual({
      45: String(seq),
      371: '112',
      372: '1',
      373: '4',
      58: 'Tag specified without a value (112)',
    })
    await answersTestRequest(c, 'after-empty')
    expect(c.messages.some((m) => m.type === '2')).toBe(false) // no gap: the number was consumed
    c.close()
  })

  it('a repeated tag is rejected (373=13), a header field after the body too (373=14)', async () => {
    const c = await loggedOn()
    const s1 = c.seq
    c.sendRaw(
      frameOf(
        fields(c, '1', [
          [112, 'a'],
          [112, 'b'],
        ]),
      ),
    )
    expect(rejectOf(await c.next((m) => m.type === '3'))).toEqual({
      45: String(s1),
      371: '112',
      372: '1',
      373: '13',
      58: 'Tag appears more than once (112)',
    })
    const s2 = c.seq
    c.sendRaw(
      frameOf(
        fields(c, '1', [
          [112, 'x'],
          [97, 'N'],
        ]),
      ),
    )
    expect(rejectOf(await c.next((m) => m.type === '3'))).toEqual({
      45: String(s2),
      371: '97',
      372: '1',
      373: '14',
      58: 'Tag specified out of required order (97)',
    })
    await answersTestRequest(c, 'after-order')
    c.close()
  })
})

describe('FIX session layer: SequenceReset', () => {
  it('a GapFill whose NewSeqNo is not above its MsgSeqNum is rejected 373=5, not applied, its number not used (as QuickFIX)', async () => {
    const c = await loggedOn()
    const seq = c.seq
    c.sendRaw(
      frameOf(
        fields(c, '4', [
          [123, 'Y'],
          [36, String(seq - 1)],
        ]),
      ),
    )
    expect(rejectOf(await c.next((m) => m.type === '3'))).toEqual({
      45: String(seq),
      371: '36',
      372: '4',
      373: '5',
      58: `Value is incorrect: GapFill NewSeqNo ${seq - 1} not above ${seq}`,
    })
    // the next message is above the expected number: the exchange asks for `seq` again
    c.send('1', [[112, 'after-gapfill']])
    const rr = await c.next((m) => m.type === '2')
    expect([rr.get(7), rr.get(16)]).toEqual([String(seq), '0'])
    c.sendRaw(
      frameOf([
        [35, '4'],
        [49, c.sender],
        [56, 'KRAKEN-TRD'],
        [34, String(seq)],
        [43, 'Y'],
        [52, fixTs()],
        [122, fixTs()],
        [123, 'Y'],
        [36, String(seq + 1)],
      ]),
    )
    await c.next((m) => m.type === '0' && m.get(112) === 'after-gapfill')
    c.close()
  })

  it('a SequenceReset-Reset to a lower number is rejected 373=5; the expected number stays', async () => {
    const c = await loggedOn()
    c.send('0', [])
    c.send('0', [])
    const expected = c.seq // 4
    c.sendRaw(frameOf(fields(c, '4', [[36, '2']], 99)))
    c.seq = expected
    expect(rejectOf(await c.next((m) => m.type === '3'))).toEqual({
      45: '99',
      371: '36',
      372: '4',
      373: '5',
      58: `Value is incorrect: NewSeqNo 2 is below the expected ${expected}`,
    })
    await answersTestRequest(c, 'after-reset')
    expect(c.closed).toBe(false)
    c.close()
  })
})

describe('FIX session layer: possible duplicates', () => {
  it('too low with PossDupFlag=Y: ignored; without OrigSendingTime rejected 373=1; 122 after 52 rejected 373=10 and logged out', async () => {
    const c = await loggedOn()
    c.send('0', [])
    const now = Date.now()
    // a true duplicate of 2: ignored
    c.sendRaw(
      frameOf([
        [35, '0'],
        [49, c.sender],
        [56, 'KRAKEN-TRD'],
        [34, '2'],
        [43, 'Y'],
        [52, fixTs(now)],
        [122, fixTs(now - 1000)],
      ]),
    )
    await answersTestRequest(c, 'after-dup')
    expect(c.messages.map((m) => m.type)).toEqual(['A', '0'])
    // no 122
    c.sendRaw(
      frameOf([
        [35, '0'],
        [49, c.sender],
        [56, 'KRAKEN-TRD'],
        [34, '2'],
        [43, 'Y'],
        [52, fixTs(now)],
      ]),
    )
    expect(rejectOf(await c.next((m) => m.type === '3'))).toEqual({
      45: '2',
      371: '122',
      372: '0',
      373: '1',
      58: 'Required tag missing: OrigSendingTime (122)',
    })
    // 122 later than 52
    c.sendRaw(
      frameOf([
        [35, '0'],
        [49, c.sender],
        [56, 'KRAKEN-TRD'],
        [34, '2'],
        [43, 'Y'],
        [52, fixTs(now)],
        [122, fixTs(now + 5000)],
      ]),
    )
    expect(rejectOf(await c.next((m) => m.type === '3'))).toMatchObject({ 45: '2', 371: '122', 373: '10' })
    expect((await c.next((m) => m.type === '5')).get(58)).toBe('SendingTime accuracy problem')
    await c.waitClosed()
  })

  it("the exchange's GapFills carry PossDupFlag=Y and OrigSendingTime", async () => {
    const c = await loggedOn()
    c.send('2', [
      [7, '1'],
      [16, '0'],
    ])
    const fill = await c.next((m) => m.type === '4')
    expect([fill.seq, fill.get(123), fill.get(36), fill.get(43)]).toEqual([1, 'Y', '2', 'Y'])
    expect(fill.get(122)).toMatch(/^\d{8}-\d\d:\d\d:\d\d\.\d{3}$/)
    c.close()
  })
})

describe('FIX session layer: header checks after logon', () => {
  it('a wrong SenderCompID is rejected 373=9, then Logout', async () => {
    const c = await loggedOn()
    const seq = c.seq
    c.sendRaw(
      frameOf([
        [35, '0'],
        [49, 'SOMEONE-ELSE'],
        [56, 'KRAKEN-TRD'],
        [34, String(c.seq++)],
        [52, fixTs()],
      ]),
    )
    expect(rejectOf(await c.next((m) => m.type === '3'))).toEqual({
      45: String(seq),
      371: '49',
      372: '0',
      373: '9',
      58: `CompID problem: expected 49=${c.sender} 56=KRAKEN-TRD`,
    })
    expect((await c.next((m) => m.type === '5')).get(58)).toBe(
      `CompID problem: expected 49=${c.sender} 56=KRAKEN-TRD`,
    )
    await c.waitClosed()
  })

  it('a stale SendingTime is rejected 373=10, then Logout', async () => {
    const c = await loggedOn()
    const seq = c.seq
    c.sendRaw(
      frameOf([
        [35, '0'],
        [49, c.sender],
        [56, 'KRAKEN-TRD'],
        [34, String(c.seq++)],
        [52, fixTs(Date.now() - 600_000)],
      ]),
    )
    expect(rejectOf(await c.next((m) => m.type === '3'))).toEqual({
      45: String(seq),
      371: '52',
      372: '0',
      373: '10',
      58: 'SendingTime accuracy problem',
    })
    expect((await c.next((m) => m.type === '5')).get(58)).toBe('SendingTime accuracy problem')
    await c.waitClosed()
  })

  it('a missing SendingTime is rejected 373=1 and the session goes on', async () => {
    const c = await loggedOn()
    const seq = c.seq
    c.sendRaw(
      frameOf([
        [35, '0'],
        [49, c.sender],
        [56, 'KRAKEN-TRD'],
        [34, String(c.seq++)],
      ]),
    )
    expect(rejectOf(await c.next((m) => m.type === '3'))).toEqual({
      45: String(seq),
      371: '52',
      372: '0',
      373: '1',
      58: 'Required tag missing: SendingTime (52)',
    })
    await answersTestRequest(c, 'after-no-52')
    c.close()
  })
})

describe('FIX session layer: message types', () => {
  it('an invalid MsgType is a session Reject 373=11; a FIX type the venue does not serve is a 35=j 380=3', async () => {
    const c = await loggedOn()
    const s1 = c.send('ZZ', [])
    expect(rejectOf(await c.next((m) => m.type === '3'))).toEqual({
      45: String(s1),
      371: '35',
      372: 'ZZ',
      373: '11',
      58: 'Invalid MsgType',
    })
    const s2 = c.send('AE', [])
    const bmr = await c.next((m) => m.type === 'j')
    expect([bmr.get(45), bmr.get(372), bmr.get(380)]).toEqual([String(s2), 'AE', '3'])
    c.close()
  })

  it('a Reject (35=3) from the client is never answered', async () => {
    const c = await loggedOn()
    c.send('3', [
      [45, '1'],
      [373, '99'],
      [58, 'client did not like it'],
    ])
    await answersTestRequest(c, 'after-reject')
    expect(c.messages.map((m) => m.type)).toEqual(['A', '0'])
    c.close()
  })
})

describe('FIX session layer: logout and reset', () => {
  it('a Logout above a gap is answered: ResendRequest for the gap, then Logout once it is filled', async () => {
    const c = await loggedOn()
    const expected = c.seq // 2
    c.send('5', [], { seq: expected + 2 })
    const rr = await c.next((m) => m.type === '2')
    expect([rr.get(7), rr.get(16)]).toEqual([String(expected), '0'])
    c.sendRaw(
      frameOf([
        [35, '4'],
        [49, c.sender],
        [56, 'KRAKEN-TRD'],
        [34, String(expected)],
        [43, 'Y'],
        [52, fixTs()],
        [122, fixTs()],
        [123, 'Y'],
        [36, String(expected + 2)],
      ]),
    )
    const out = await c.next((m) => m.type === '5')
    expect(out.seq).toBe(rr.seq + 1)
    await c.waitClosed()
  })

  it('a Logout above a gap the client never fills is still answered (after the ResendRequest)', async () => {
    const c = await loggedOn()
    c.send('5', [[58, 'bye']], { seq: c.seq + 3 })
    const rr = await c.next((m) => m.type === '2')
    const out = await c.next((m) => m.type === '5')
    expect([out.seq, out.get(58)]).toEqual([rr.seq + 1, 'Logout with unfilled sequence gap'])
    await c.waitClosed()
  })

  it('an in-session Logon with ResetSeqNumFlag=Y resets both sides and is answered by Logon 141=Y', async () => {
    const c = await loggedOn()
    c.send('0', [])
    c.send('0', [])
    c.seq = 1
    c.send('A', [
      [98, '0'],
      [108, '30'],
      [141, 'Y'],
    ])
    const a = await c.next((m) => m.type === 'A')
    expect([a.seq, a.get(141)]).toEqual([1, 'Y'])
    const hb = await answersTestRequest(c, 'after-reset-logon')
    expect(hb.seq).toBe(2)
    c.close()
  })
})
