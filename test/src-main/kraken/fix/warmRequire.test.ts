import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { warmRequire } from '../../../../src-main/kraken/fix/warmRequire'

/**
 * warmRequire loads a CommonJS package module by module, yielding between slices, in the order
 * Node would evaluate it, so the package's own require afterwards is instant and behaves the same:
 * jspurefix in one require held main's thread 0.7 – 1.0 s just after the first window went live.
 */

/** A package whose modules log when they start and end, with a cycle (a <-> c) and an optional require. */
function fixturePackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trident-warm-'))
  const pkg = join(dir, 'node_modules', 'demo')
  mkdirSync(join(pkg, 'lib'), { recursive: true })
  const mod = (name: string, body: string): void =>
    writeFileSync(
      join(pkg, name),
      `globalThis.__warmLog.push('${name}:start');\n${body}\nglobalThis.__warmLog.push('${name}:end');\n`,
    )
  writeFileSync(join(pkg, 'package.json'), '{"name":"demo","main":"index.js"}')
  mod('index.js', 'exports.a = require("./lib/a"); exports.b = require("./lib/b");')
  // a starts, requires c, which requires a back (and sees a's exports as far as they are set)
  mod('lib/a.js', 'exports.early = 1; const c = require("./c"); exports.late = 2; exports.c = c;')
  mod('lib/c.js', 'const a = require("./a"); exports.sawOfA = Object.keys(a).join(",");')
  mod(
    'lib/b.js',
    'const p = require("node:path"); try { require("./optional-missing") } catch {} exports.sep = p.sep; exports.d = require("./d");',
  )
  // d requires lazily (in a function) and names a module in comments: a plain require loads neither
  mod(
    'lib/d.js',
    [
      "exports.d = 'd';",
      '// require("./lazy") would be the old way',
      '/* require("./lazy") */',
      'exports.later = function () {',
      '  return require("./lazy")',
      '}',
    ].join('\n'),
  )
  mod('lib/lazy.js', "exports.lazy = 'lazy';")
  dirs.push(dir)
  return dir
}

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const log = (): string[] => (globalThis as unknown as { __warmLog: string[] }).__warmLog

describe('warmRequire', () => {
  it('evaluates the modules in the order a plain require would, the cycle entered where require enters it', async () => {
    ;(globalThis as unknown as { __warmLog: string[] }).__warmLog = []
    const plain = createRequire(join(fixturePackage(), 'x.js'))('demo')
    const plainLog = [...log()]
    expect(plainLog).toEqual([
      'index.js:start',
      'lib/a.js:start',
      'lib/c.js:start',
      'lib/c.js:end',
      'lib/a.js:end',
      'lib/b.js:start',
      'lib/d.js:start',
      'lib/d.js:end',
      'lib/b.js:end',
      'index.js:end',
    ])
    expect(plain.a.c.sawOfA).toBe('early')

    ;(globalThis as unknown as { __warmLog: string[] }).__warmLog = []
    const from = join(fixturePackage(), 'x.js')
    let yields = 0
    const loaded = await warmRequire('demo', from, {
      sliceMs: 0,
      yieldNow: async () => {
        yields++
      },
    })
    // modules finish in the same order; the cycle is entered through a, as require entered it, so
    // c sees the same part of a. (A module's own code runs after its dependencies' here, where a
    // plain require runs the lines before its first require first: the starts differ.)
    const ends = (xs: string[]) => xs.filter((x) => x.endsWith(':end'))
    expect(ends(log())).toEqual(ends(plainLog))
    expect(log().slice(0, 5)).toEqual([
      'lib/a.js:start',
      'lib/c.js:start',
      'lib/c.js:end',
      'lib/a.js:end',
      'lib/d.js:start',
    ])
    // index, a (entering the cycle with c), b, d; not lazy.js, which only a call of d.later loads
    expect(loaded).toBe(4)
    expect(log()).not.toContain('lib/lazy.js:start')
    // at a 0 ms budget, one slice per module (4), after the files were read in three rounds (the
    // entry; a and b; c and d)
    expect(yields).toBe(7)
    const warmedLog = log().length
    const warmed = createRequire(from)('demo')
    expect(log().length).toBe(warmedLog) // nothing left to evaluate
    expect(warmed.a.c.sawOfA).toBe('early')
    expect(warmed.b.d.d).toBe('d')
    expect(warmed.b.d.later().lazy).toBe('lazy')
  })

  it('a package that cannot be found is no error: the real require reports it where it is used', async () => {
    expect(await warmRequire('no-such-package-here', join(tmpdir(), 'x.js'))).toBe(0)
  })
})
