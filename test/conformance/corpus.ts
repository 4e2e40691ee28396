import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

/**
 * The conformance corpus: real Kraken messages (recorded from the live API by public SDKs, or
 * Kraken's own documentation examples), each file carrying its provenance and licence. These, not
 * the built-in exchange, decide what is right.
 *
 * One file = one source document (a recorded fixture file, a doc page). Layout:
 *   test/conformance/corpus/<protocol>/<source-slug>--<what>.json
 */
export type CorpusKind =
  | 'recorded-live' // captured from Kraken's live API by the named project
  | 'kraken-doc-example' // copied from Kraken's own API documentation or Kraken-authored code
  | 'hand-written-third-party' // written by another project from Kraken's docs (not recorded)

export type CorpusMessage = {
  /** unique within the whole corpus, e.g. "rest.OpenOrders.ccxt-1" */
  id: string
  /** 'uws' = Kraken's Unified WebSocket (wss://uws.kraken.com/v2/public|private; derivatives) */
  protocol: 'rest' | 'ws-v2' | 'uws' | 'fix'
  /** REST method (OpenOrders), WS v2 / UWS channel/method + detail (executions.snapshot, add_order.reply), FIX MsgType (8, 9, j, 3, r, W, X, A) */
  type: string
  /** inbound = Kraken → Trident; outbound = Trident → Kraken (a request Kraken documents) */
  direction: 'inbound' | 'outbound'
  /** the exact message text as Kraken sends it (JSON text; FIX with "|" for SOH; an HTML error
   *  page when Kraken's CDN answers instead of the API). Kept as text so decimals keep their
   *  exact digits. */
  text: string
  /** optional: what the source says about this message (e.g. "reply to a string limit_price") */
  note?: string
}

export type CorpusFile = {
  /** owner/repo or site, e.g. "ccxt/ccxt" or "docs.kraken.com" */
  source: string
  /** the page or file address the messages were taken from */
  url: string
  /** commit sha of the file, or the date the page was read (YYYY-MM-DD) */
  version: string
  licence: string
  kind: CorpusKind
  notes?: string
  messages: CorpusMessage[]
}

export const CORPUS_DIR = join(__dirname, 'corpus')

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.json') ? [p] : []
  })
}

export type LoadedMessage = CorpusMessage & { file: string; source: string; kind: CorpusKind }

export function loadCorpus(): { files: (CorpusFile & { file: string })[]; messages: LoadedMessage[] } {
  const files = walk(CORPUS_DIR).map((p) => ({
    ...(JSON.parse(readFileSync(p, 'utf8')) as CorpusFile),
    file: relative(CORPUS_DIR, p),
  }))
  const messages = files.flatMap((f) =>
    f.messages.map((m) => ({ ...m, file: f.file, source: f.source, kind: f.kind })),
  )
  return { files, messages }
}

/** The one message with this id (throws if the corpus has none, so a test cannot silently pass). */
export function corpusMessage(id: string): LoadedMessage {
  const m = loadCorpus().messages.find((x) => x.id === id)
  if (!m) throw new Error(`conformance corpus has no message ${id}`)
  return m
}
