import { crc32 } from 'node:zlib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { crc32Ascii, crc32Finish, crc32Start, crc32Update } from '../../../../src-main/core/book/crc32'

describe('crc32 (four bytes a step)', () => {
  it('matches the standard check value and zlib on every length and split (property)', () => {
    expect(crc32Ascii('123456789')).toBe(0xcbf43926)
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 80 }), fc.nat(80), (text, cut) => {
        const want = crc32(Buffer.from(text, 'latin1'))
        expect(crc32Ascii(text)).toBe(want)
        // fed in two fragments, as the engines feed level by level
        const k = Math.min(cut, text.length)
        expect(crc32Finish(crc32Update(crc32Update(crc32Start(), text.slice(0, k)), text.slice(k)))).toBe(
          want,
        )
      }),
      { numRuns: 3000 },
    )
  })
})
