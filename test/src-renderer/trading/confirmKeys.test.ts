import { describe, expect, it } from 'vitest'
import { enterConfirms, isDuplicateYes } from '../../../src-renderer/trading/confirmKeys'

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'altKey' | 'metaKey', boolean>> = {}) => ({
  key: k,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
})

/** The key that made a duplicate (Enter, pressed again) must not also answer yes to it. */
describe('confirm keys', () => {
  it('Enter confirms a value question, never a duplicate one', () => {
    expect(enterConfirms(['value'])).toBe(true)
    expect(enterConfirms([])).toBe(true)
    expect(enterConfirms(['duplicate'])).toBe(false)
    expect(enterConfirms(['duplicate', 'value'])).toBe(false)
  })
  it('Y (either case, no modifier) answers a duplicate question; not a value one', () => {
    expect(isDuplicateYes(['duplicate'], key('y'))).toBe(true)
    expect(isDuplicateYes(['duplicate'], key('Y'))).toBe(true)
    expect(isDuplicateYes(['duplicate'], key('Enter'))).toBe(false)
    expect(isDuplicateYes(['duplicate'], key('y', { ctrlKey: true }))).toBe(false)
    expect(isDuplicateYes(['duplicate'], key('y', { altKey: true }))).toBe(false)
    expect(isDuplicateYes(['value'], key('y'))).toBe(false)
  })
})
