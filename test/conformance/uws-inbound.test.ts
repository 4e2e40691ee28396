import { describe, expect, it } from 'vitest'
import { parseLossless } from '../../src-main/kraken/ws/losslessJson'
import { readUwsReply } from '../../src-main/kraken/uws/uwsMessages'
import { corpusMessage } from './corpus'

/**
 * Kraken's documented Unified WS replies (test/conformance/corpus/uws) read by Trident's reply
 * parser: success and failure, req_id echoed, Kraken's error text verbatim, and times with 6 and
 * 7 fractional digits. Expected values are copied from the vectors.
 */

const reply = (id: string) => readUwsReply(parseLossless(corpusMessage(id).text) as Record<string, unknown>)

describe('UWS replies from Kraken’s documentation', () => {
  it('amend_order success: amend_id "" and cl_ord_id as sent, times to the ms (uws.amend_order.reply.kraken-docs-1)', () => {
    expect(reply('uws.amend_order.reply.kraken-docs-1')).toEqual({
      method: 'amend_order',
      success: true,
      result: { amend_id: '', cl_ord_id: '2c6be801-1f53-4f79-a0bb-4ea1c95dfae9' },
      timeIn: Date.UTC(2024, 6, 26, 13, 39, 4, 922),
      timeOut: Date.UTC(2024, 6, 26, 13, 39, 4, 924),
    })
  })

  it('cancel_all success: count 1, req_id echoed (uws.cancel_all.reply.kraken-docs-1)', () => {
    expect(reply('uws.cancel_all.reply.kraken-docs-1')).toEqual({
      method: 'cancel_all',
      reqId: 1234567890,
      success: true,
      result: { count: '1' },
      timeIn: Date.UTC(2023, 8, 26, 13, 9, 48, 463),
      timeOut: Date.UTC(2023, 8, 26, 13, 9, 48, 471),
    })
  })

  it('batch_cancel success: count 3; a time_out with 7 fractional digits (uws.batch_cancel.reply.kraken-docs-1)', () => {
    expect(reply('uws.batch_cancel.reply.kraken-docs-1')).toEqual({
      method: 'batch_cancel',
      reqId: 1234567890,
      success: true,
      result: { count: '3' },
      timeIn: Date.UTC(2022, 5, 13, 8, 9, 10, 123),
      timeOut: Date.UTC(2022, 5, 13, 8, 9, 10, 789),
    })
  })

  it("set_preference refused: no result, Kraken's words kept verbatim (uws.set_preference.reply.kraken-docs-1)", () => {
    expect(reply('uws.set_preference.reply.kraken-docs-1')).toEqual({
      method: 'set_preference',
      reqId: 103,
      success: false,
      error: 'Insufficient margin for the requested leverage',
      timeIn: Date.UTC(2026, 10, 11, 9, 2, 0, 0),
      timeOut: Date.UTC(2026, 10, 11, 9, 2, 0, 50),
    })
  })
})
