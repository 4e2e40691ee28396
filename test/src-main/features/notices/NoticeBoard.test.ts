import { describe, expect, it } from 'vitest'
import { NoticeBoard } from '../../../../src-main/features/notices/NoticeBoard'

describe('NoticeBoard (the notices log): bounded over a trading day', () => {
  it('keeps the last 500, dropping the oldest unpinned first and never a pinned one', () => {
    let published = 0
    const board = new NoticeBoard({ publish: () => published++, now: () => 1_000 })
    board.notice('warn', 'Refused: over the max order size', 'refusal') // id 1, pinned
    for (let i = 2; i <= 505; i++) board.notice('info', `Filled ${i}`, 'fill')
    const ids = board.view().notices.map((n) => n.id)
    expect(ids).toHaveLength(500)
    // the five oldest fill notices (2..6) went; the refusal, older than all of them, stayed
    expect(ids.slice(0, 3)).toEqual([1, 7, 8])
    expect(ids.at(-1)).toBe(505)
    expect(board.view().notices[0]).toMatchObject({ id: 1, pinned: true, kind: 'refusal' })
    expect(published).toBe(505)
  })

  it('a log of nothing but pinned notices still holds 500: the oldest goes', () => {
    const board = new NoticeBoard({ publish: () => {}, now: () => 1_000 })
    for (let i = 1; i <= 502; i++) board.notice('error', `Rejected ${i}`, 'reject')
    const ids = board.view().notices.map((n) => n.id)
    expect(ids).toHaveLength(500)
    expect(ids.slice(0, 2)).toEqual([3, 4])
    expect(ids.at(-1)).toBe(502)
  })
})
