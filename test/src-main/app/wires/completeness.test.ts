import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { commandSchemas, topicSchemas } from '../../../../src-preload/contract/contract'

/**
 * Every command and topic of the contract has a wire test. Each test file here says what it covers
 * in `export const covers` (and its last test checks it exercised each of those); this reads the
 * lists from the files' text rather than importing them, because importing a test file would run
 * its tests (and start its core) inside this one.
 */
function coveredBy(): Map<string, string[]> {
  const by = new Map<string, string[]>()
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.ts'))) {
    const text = readFileSync(join(__dirname, file), 'utf8')
    // from the declaration to the closing brace: `{ … }` on one line, or over several
    const block =
      /export const covers: Covers = \{(.*?)\}\n|export const covers: Covers = \{([\s\S]*?)\n\}/.exec(text)
    if (!block) continue
    for (const [list, kind] of [
      ['commands', 'command'],
      ['topics', 'topic'],
    ] as const) {
      const items = new RegExp(`${list}:\\s*\\[([^\\]]*)\\]`).exec(block[1] ?? block[2] ?? '')?.[1] ?? ''
      for (const m of items.matchAll(/'([^']+)'/g)) {
        const name = `${kind} ${m[1]}`
        by.set(name, [...(by.get(name) ?? []), file])
      }
    }
  }
  return by
}

describe('every wire of the contract has a test', () => {
  const covered = coveredBy()
  const contract = [
    ...Object.keys(commandSchemas).map((c) => `command ${c}`),
    ...Object.keys(topicSchemas).map((t) => `topic ${t}`),
  ]

  it('each command and topic is covered by a wire test file', () => {
    expect(contract.filter((name) => !covered.has(name))).toEqual([])
  })

  it('each covered name is one the contract still has', () => {
    expect([...covered.keys()].filter((name) => !contract.includes(name))).toEqual([])
  })
})
