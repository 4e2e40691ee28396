import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { krakenDictionaryPath } from '../../../../src-main/kraken/fix/krakenDictionary'
import { loadJspurefix } from '../../../../src-main/kraken/fix/loadJspurefix'

/**
 * jspurefix parsed the session's dictionary at every session start: the spot and the derivatives
 * FIX sessions (one Kraken FIX 4.4 dictionary file) and every reconnect each held main's thread
 * 0.2 – 0.3 s. Loaded by Trident, jspurefix's container hands sessions a factory that parses a
 * dictionary once per process and shares the read-only definitions.
 */
const dirs: string[] = []
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'trident-dict-'))
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

describe('loadJspurefix: the dictionary is parsed once per process', () => {
  it('the factory sessions get returns the same parse for the same dictionary, and it is Kraken’s', async () => {
    const m = await loadJspurefix()
    const { container } = createRequire(require.resolve('jspurefix/package.json'))('tsyringe') as {
      container: { resolve<T>(token: unknown): T }
    }
    // what a session's RuntimeFactory is given (jspurefix resolves it from this container)
    const factory = container.resolve<InstanceType<typeof m.DefinitionFactory>>(m.DefinitionFactory)
    const dictionary = krakenDictionaryPath(join(tempDir(), 'fix'))
    const first = factory.getDefinitions(dictionary)
    const again = factory.getDefinitions(dictionary)
    expect(again).toBe(first)
    const defs = await first
    // Kraken's FIX 4.4: OrderCancelReplaceRequest (G) and the SecurityList (y) of its instruments
    expect(defs.message.get('G')?.name).toBe('OrderCancelReplaceRequest')
    expect(defs.message.get('y')?.name).toBe('SecurityList')
    // a session started later (a reconnect) gets the same definitions, not a new parse
    expect(await factory.getDefinitions(dictionary)).toBe(defs)
  })

  it('a parse that failed is not kept: the next start tries again', async () => {
    const m = await loadJspurefix()
    const { container } = createRequire(require.resolve('jspurefix/package.json'))('tsyringe') as {
      container: { resolve<T>(token: unknown): T }
    }
    const factory = container.resolve<InstanceType<typeof m.DefinitionFactory>>(m.DefinitionFactory)
    const missing = join(tempDir(), 'none.xml')
    const first = factory.getDefinitions(missing)
    await expect(first).rejects.toThrow()
    await new Promise((r) => setImmediate(r))
    expect(factory.getDefinitions(missing)).not.toBe(first)
  })
})
