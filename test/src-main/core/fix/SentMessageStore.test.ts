import { describe, expect, it } from 'vitest'
import { MemorySentMessageStore } from '../../../../src-main/core/fix/SentMessageStore'

describe('MemorySentMessageStore (issue 20: bounded like the journal)', () => {
  it('keeps the newest messages by sequence number and finds one by its number', () => {
    const s = new MemorySentMessageStore(3)
    for (let seq = 1; seq <= 5; seq++) s.add({ seq, msgType: 'D', time: seq, obj: { ClOrdID: `c${seq}` } })
    expect(s.all().map((r) => r.seq)).toEqual([3, 4, 5])
    expect(s.get(5)?.obj).toEqual({ ClOrdID: 'c5' })
    expect(s.get(2)).toBeUndefined()
    s.clear()
    expect(s.all()).toEqual([])
  })
})
