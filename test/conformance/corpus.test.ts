import { describe, expect, it } from 'vitest'
import { loadCorpus, type CorpusKind } from './corpus'

/**
 * The corpus itself: every file says where its messages came from and under which licence, every
 * message is well-formed, and there is enough of it (the totals of issue 14) to be worth trusting.
 */

const { files, messages } = loadCorpus()
const KINDS: CorpusKind[] = ['recorded-live', 'kraken-doc-example', 'hand-written-third-party']

describe('conformance corpus: provenance', () => {
  it.each(files.map((f) => [f.file, f] as const))(
    '%s names its source, address, version, licence and kind',
    (_, f) => {
      expect(f.source.trim()).not.toBe('')
      expect(f.url).toMatch(/^https:\/\//)
      // names a commit sha (40 hex) or the date the page was read
      expect(f.version).toMatch(/[0-9a-f]{40}|\d{4}-\d{2}-\d{2}/)
      expect(f.licence.trim()).not.toBe('')
      expect(KINDS).toContain(f.kind)
      expect(f.messages.length).toBeGreaterThan(0)
    },
  )

  it('file names follow <protocol>/<source-slug>--<what>.json and sit under their protocol', () => {
    for (const f of files) {
      expect(f.file).toMatch(/^(rest|ws-v2|uws|fix)\/[a-z0-9.-]+--[a-z0-9.-]+\.json$/)
      for (const m of f.messages)
        expect(f.file.startsWith(`${m.protocol}/`), `${m.id} in ${f.file}`).toBe(true)
    }
  })
})

describe('conformance corpus: messages', () => {
  it('every id is unique across the whole corpus', () => {
    const seen = new Map<string, string>()
    const dups: string[] = []
    for (const m of messages) {
      if (seen.has(m.id)) dups.push(`${m.id} (${seen.get(m.id)} and ${m.file})`)
      seen.set(m.id, m.file)
    }
    expect(dups).toEqual([])
  })

  it('every message has a protocol, a type and a direction', () => {
    for (const m of messages) {
      expect(['rest', 'ws-v2', 'uws', 'fix'], m.id).toContain(m.protocol)
      expect(m.type.trim(), m.id).not.toBe('')
      expect(['inbound', 'outbound'], m.id).toContain(m.direction)
    }
  })

  it('every JSON text parses to an object (an HTML error page from the edge stays HTML)', () => {
    for (const m of messages.filter((x) => x.protocol !== 'fix')) {
      // Kraken's CDN answers some failures with an HTML page instead of JSON; that is a real
      // inbound body too, and it must at least be a whole document.
      if (/^\s*<(!DOCTYPE|html)/i.test(m.text)) {
        expect(m.text, m.id).toMatch(/<\/html>\s*$/i)
        continue
      }
      let parsed: unknown
      expect(() => (parsed = JSON.parse(m.text)), m.id).not.toThrow()
      expect(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed), m.id).toBe(true)
    }
  })

  it('every FIX text starts with 8= and 9=, carries 35= and ends with 10=', () => {
    for (const m of messages.filter((x) => x.protocol === 'fix')) {
      const tags = m.text
        .split('|')
        .filter((f) => f !== '')
        .map((f) => f.slice(0, f.indexOf('=')))
      expect(tags[0], m.id).toBe('8')
      expect(tags[1], m.id).toBe('9')
      expect(tags, m.id).toContain('35')
      expect(tags[tags.length - 1], m.id).toBe('10')
    }
  })
})

describe('conformance corpus: Unified WebSocket (uws) examples', () => {
  const uwsFiles = files.filter((f) => f.file.startsWith('uws/'))
  const uws = messages.filter((m) => m.protocol === 'uws')

  it('has uws files, each from a docs.kraken.com unified-ws page', () => {
    expect(uwsFiles.length).toBeGreaterThan(0)
    for (const f of uwsFiles) {
      expect(f.source, f.file).toBe('docs.kraken.com')
      expect(f.url, f.file).toMatch(/^https:\/\/docs\.kraken\.com\/exchange\/api-reference\/unified-ws\//)
      expect(f.kind, f.file).toBe('kraken-doc-example')
    }
  })

  it('every uws id starts with "uws." and every method frame is of the type it is filed under', () => {
    for (const m of uws) {
      expect(m.id, m.id).toMatch(/^uws\./)
      const body = JSON.parse(m.text) as { method?: unknown }
      if (typeof body.method === 'string') expect(m.type.split('.')[0], m.id).toBe(body.method)
    }
  })

  it('every outbound uws request names its asset_class, as the unified-ws pages require', () => {
    for (const m of uws.filter((x) => x.direction === 'outbound')) {
      const body = JSON.parse(m.text) as { params?: { asset_class?: unknown } }
      expect(['spot', 'derivatives'], m.id).toContain(body.params?.asset_class)
    }
  })
})

describe('conformance corpus: totals (issue 14)', () => {
  it('holds at least 150 messages', () => {
    expect(messages.length).toBeGreaterThanOrEqual(150)
  })

  it('covers at least 30 distinct (protocol, type) pairs', () => {
    expect(new Set(messages.map((m) => `${m.protocol} ${m.type}`)).size).toBeGreaterThanOrEqual(30)
  })

  it('comes from at least 4 independent sources', () => {
    expect(new Set(files.map((f) => f.source)).size).toBeGreaterThanOrEqual(4)
  })

  it('has Kraken-authored examples and messages recorded from the live venue', () => {
    const kinds = new Set(files.map((f) => f.kind))
    expect(kinds.has('kraken-doc-example')).toBe(true)
    expect(kinds.has('recorded-live')).toBe(true)
  })
})
