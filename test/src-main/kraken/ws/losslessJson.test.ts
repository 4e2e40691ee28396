import fc from 'fast-check'
import { parse } from 'lossless-json'
import { describe, expect, it } from 'vitest'
import { parseLossless } from '../../../../src-main/kraken/ws/losslessJson'

/** The reference: what the lossless-json package gives (value, or the error message). */
function reference(text: string): { value: unknown } | { error: string } {
  try {
    return { value: parse(text, null, (digits: string) => digits) }
  } catch (e) {
    return { error: (e as Error).message }
  }
}
function ours(text: string): { value: unknown } | { error: string } {
  try {
    return { value: parseLossless(text) }
  } catch (e) {
    return { error: (e as Error).message }
  }
}

describe('parseLossless', () => {
  it('keeps every number as its exact source text', () => {
    expect(
      parseLossless(
        '{"price":45283.50,"qty":0.10000000,"big":123456789012345678901234567890,"e":1E-8,"n":-0.0,"list":[1, 2.50 ,true,false,null,"x\\"y\\u0041"]}',
      ),
    ).toEqual({
      price: '45283.50',
      qty: '0.10000000',
      big: '123456789012345678901234567890',
      e: '1E-8',
      n: '-0.0',
      list: ['1', '2.50', true, false, null, 'x"yA'],
    })
  })

  it('gives the same value or the same error as lossless-json (property)', () => {
    // JSON texts of every shape, with Kraken-like decimals and odd spacing
    const decimal = fc
      .tuple(fc.nat(99999), fc.nat(99999999), fc.integer({ min: 0, max: 8 }))
      .map(([a, b, d]) => (d === 0 ? String(a) : `${a}.${String(b).padStart(8, '0').slice(0, d)}`))
    const texts = fc.oneof(
      fc.json(),
      fc.json().map((t) => t.replace(/(\d)(?=[,\]}])/g, '$1.000')),
      fc
        .dictionary(
          fc.constantFrom('price', 'qty', 'a', 'a', '__proto__', 'b\\u0061'),
          fc.oneof(decimal, fc.json()),
          { maxKeys: 4 },
        )
        .map(
          (o) =>
            `{${Object.entries(o)
              .map(([k, v]) => `"${k}" : ${v}`)
              .join(' ,\n')}}`,
        ),
      fc.constantFrom(
        '{"a":1,"a":1}',
        '{"a":1,"a":2}',
        '{"a":[1],"a":[1]}',
        '{"__proto__":{"x":1}}',
        '[01]',
        '[1.]',
        '[-]',
        '[.5]',
        '"\\x"',
        '"\\u12"',
        '',
        ' ',
        '[1,]',
        '{"a":1,}',
        '[1] x',
        'tru',
        'nul',
        '"a\tb"',
        '{"a" 1}',
        '{1:2}',
        '[1 2]',
      ),
    )
    // and the same texts damaged: a character dropped, doubled or replaced
    const damaged = fc
      .tuple(texts, fc.nat(), fc.constantFrom('drop', 'double', '"', '\\', ',', '}', ']', '0', '-', 'e'))
      .map(([t, at, how]) => {
        if (t.length === 0) return t
        const k = at % t.length
        if (how === 'drop') return t.slice(0, k) + t.slice(k + 1)
        if (how === 'double') return t.slice(0, k) + t[k]! + t.slice(k)
        return t.slice(0, k) + how + t.slice(k + 1)
      })
    fc.assert(
      fc.property(fc.oneof(texts, damaged), (text) => {
        const want = reference(text)
        const got = ours(text)
        expect(got).toEqual(want)
        if ('value' in want && typeof want.value === 'object' && want.value !== null)
          expect(Object.getPrototypeOf((got as { value: object }).value)).toBe(
            Object.getPrototypeOf(want.value),
          )
      }),
      { numRuns: 5000 },
    )
  })
})
