import { describe, expect, it } from 'vitest'
import { cancelWords } from '../../../../src-main/features/notices/cancelWords'

describe('cancelWords: the venue’s reason in a trader’s words', () => {
  it.each([
    ['Self trade prevention', 'self-trade prevention — it would have traded against your own order'],
    ['Post only order', 'post-only — at that price it would have taken liquidity (crossed the book)'],
    ['Order expired (GTD)', 'it reached its expiry time'],
    [
      'Cancel all orders after (dead man switch)',
      'the dead-man switch fired (Trident did not re-arm it in time)',
    ],
    ['Cancel on disconnect', 'cancel-on-disconnect — the connection to Kraken dropped'],
    ['Reduce only: position would increase', 'reduce-only — it could have grown your position'],
    ['Insufficient liquidity', 'not enough liquidity on the other side for the market order'],
    ['Something new', 'Kraken said "Something new"'],
    [undefined, 'Kraken gave no reason'],
  ])('%s → pinned: %s', (reason, text) => {
    expect(cancelWords(reason)).toEqual({ text, level: 'error', kind: 'venue-cancel' })
  })

  it('an amend’s replace is no cancel; an IOC rest rolls; a cancel from elsewhere is a warning', () => {
    expect(cancelWords('Order replaced')).toBeNull()
    expect(cancelWords('Immediate or cancel')).toMatchObject({ level: 'info', kind: 'note' })
    expect(cancelWords('User requested')).toMatchObject({ level: 'warn', kind: 'venue-cancel' })
  })
})
