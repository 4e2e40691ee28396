import 'reflect-metadata'
import { FixMsgAsciiStoreResend, FixMsgMemoryStore, FixMsgStoreRecord, type IJsFixConfig } from 'jspurefix'
import { describe, expect, it } from 'vitest'
import { keepNewest } from '../../../../src-main/kraken/fix/KrakenFixSession'

const quiet = { info() {}, debug() {}, warning() {}, error() {} }
/** what jspurefix's store and resender read of a session's config */
const config = {
  logFactory: { logger: () => quiet },
  description: { store: {} },
  factory: {
    sequenceReset: (newSeq: number, gapFill: boolean) => ({ NewSeqNo: newSeq, GapFillFlag: gapFill }),
    header: (msgType: string, seq: number) => ({ MsgType: msgType, MsgSeqNum: seq }),
  },
} as unknown as IJsFixConfig

/**
 * jspurefix's resender over the store, without its constructor's parser (which needs a whole
 * session's container; it only re-parses records stored as text, and these are objects)
 */
function resender(store: FixMsgMemoryStore): FixMsgAsciiStoreResend {
  return Object.assign(Object.create(FixMsgAsciiStoreResend.prototype) as FixMsgAsciiStoreResend, {
    store,
    config,
  })
}

describe("keepNewest: jspurefix's resend store keeps the newest messages (issue 20)", () => {
  it('trims the oldest a batch past the bound; a resend of a forgotten range is gap-filled, a kept order resent', async () => {
    const store = new FixMsgMemoryStore('test', config)
    for (let seq = 1; seq <= 160; seq++) {
      await store.put(new FixMsgStoreRecord('D', new Date(seq), seq, { ClOrdID: `c${seq}` }))
      keepNewest(store, 100, 50)
    }
    // trimmed to the newest 100 (52 - 151) when the 151st came; 9 more since
    expect(await store.getState()).toMatchObject({ firstSeq: 52, lastSeq: 160, length: 109 })
    const resend = await resender(store).getResendRequest(40, 53)
    expect(resend.map((r) => [r.msgType, r.seqNum])).toEqual([
      ['4', 40], // SequenceReset-GapFill over 40 - 51, no longer kept
      ['D', 52],
      ['D', 53],
    ])
    expect(resend[0]!.obj).toMatchObject({ NewSeqNo: 52, GapFillFlag: true })
    expect(resend[1]!.obj).toMatchObject({ ClOrdID: 'c52' })
  })
})
