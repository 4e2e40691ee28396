import { describe, expect, it } from 'vitest'
import { FixSessionJournal } from '../../../src-main/store/FixSessionJournal'
import { openDb } from '../../../src-main/store/TridentDb'

describe('FixSessionJournal', () => {
  it('addWithSeqNums keeps the sent message and the sequence numbers, as add + noteSeqNums do', () => {
    const db = openDb(':memory:')
    const j = new FixSessionJournal(db, 'p', 'TRIDENT1->KRAKEN-TRD')
    j.noteSeqNums(7, 3)
    j.addWithSeqNums({ seq: 7, msgType: 'D', time: 1000, obj: { ClOrdID: '42', Price: '45285.2' } }, 8, 4)
    expect(j.all()).toEqual([{ seq: 7, msgType: 'D', time: 1000, obj: { ClOrdID: '42', Price: '45285.2' } }])
    expect(j.seqNums()).toEqual({ nextOut: 8, lastIn: 4 })
    // only ever raised, as noteSeqNums: an older number does not lower them
    j.addWithSeqNums({ seq: 8, msgType: 'F', time: 1001, obj: { ClOrdID: '43' } }, 6, 2)
    expect(j.seqNums()).toEqual({ nextOut: 8, lastIn: 4 })
    expect(j.all().map((r) => r.seq)).toEqual([7, 8])
  })

  it('addWithSeqNums is one transaction: when the sequence numbers cannot be written, the message is not kept either', () => {
    const db = openDb(':memory:')
    const j = new FixSessionJournal(db, 'p', 's')
    db.exec('DROP TABLE fix_sessions')
    expect(() => j.addWithSeqNums({ seq: 1, msgType: 'D', time: 1, obj: {} }, 2, 0)).toThrow()
    expect(j.all()).toEqual([])
  })

  it('keeps the newest messages for a resend: older rows go a batch at a time, all() and get() read only the kept (issue 20)', () => {
    const db = openDb(':memory:')
    const j = new FixSessionJournal(db, 'p', 's', 100)
    const other = new FixSessionJournal(db, 'p', 'other session', 100)
    other.add({ seq: 1, msgType: 'D', time: 1, obj: { ClOrdID: 'keep me' } })
    for (let seq = 1; seq <= 1_200; seq++)
      j.add({ seq, msgType: 'D', time: seq, obj: { ClOrdID: `c${seq}` } })
    const rows = () =>
      (db.prepare("SELECT COUNT(*) AS n FROM fix_sent WHERE session = 's'").get() as { n: number }).n
    // the last batch's DELETE ran at 1,000 (everything up to 900 went); 901 - 1,200 are in the table
    expect(rows()).toBe(300)
    expect(j.all().map((r) => r.seq)).toEqual(Array.from({ length: 100 }, (_, i) => 1_101 + i))
    expect(j.get(1_200)).toEqual({ seq: 1_200, msgType: 'D', time: 1_200, obj: { ClOrdID: 'c1200' } })
    expect(j.get(10)).toBeUndefined()
    // another session's messages are its own
    expect(other.all()).toEqual([{ seq: 1, msgType: 'D', time: 1, obj: { ClOrdID: 'keep me' } }])
  })

  it('prunes as the numbers pass each batch, also when admin messages took the round numbers', () => {
    const db = openDb(':memory:')
    const j = new FixSessionJournal(db, 'p', 's', 100)
    // every third number is an application message (heartbeats and the like took the others)
    for (let seq = 3; seq <= 1_200; seq += 3) j.add({ seq, msgType: 'D', time: seq, obj: {} })
    const seqs = (
      db.prepare("SELECT seq FROM fix_sent WHERE session = 's' ORDER BY seq").all() as { seq: number }[]
    ).map((r) => r.seq)
    // pruned when 1,000 was passed (at 1,002: up to 902 went), neither 500 nor 1,000 being an app message's
    expect(seqs[0]).toBe(903)
    expect(seqs.at(-1)).toBe(1_200)
  })
})
