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
})
