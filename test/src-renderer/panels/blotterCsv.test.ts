import { describe, expect, it } from 'vitest'
import { toCsv } from '../../../src-renderer/panels/Blotter'

describe('blotter CSV', () => {
  it('writes decimals exactly and quotes what needs quoting', () => {
    expect(
      toCsv(
        ['qty', 'price', 'reason'],
        [
          ['0.01000000', '65000.1', 'Post only order'],
          ['1', '2', 'a "quoted", reason'],
          ['3', undefined, 'x'],
        ],
      ),
    ).toBe('qty,price,reason\n0.01000000,65000.1,Post only order\n1,2,"a ""quoted"", reason"\n3,,x\n')
  })
})
