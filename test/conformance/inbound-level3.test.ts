import { describe, expect, it } from 'vitest'
import { L3BookEngine, type WireL3Order } from '../../src-main/core/book/L3BookEngine'
import { Level3Books } from '../../src-main/features/marketData/Level3Books'
import { parseLossless } from '../../src-main/kraken/ws/losslessJson'
import { corpusMessage, loadCorpus } from './corpus'
import { numberTokens } from './numberTokens'

/**
 * WS v2 `level3` frames from the corpus through lossless parsing into L3BookEngine (order by
 * order, queue order kept) and through Level3Books, which the app feeds from the level3
 * connection. Expected orders are copied from the frames; checksums were recomputed outside
 * Trident (Python zlib over Kraken's documented level3 input: per order, price then qty).
 */

type Entry = { symbol: string; checksum?: string; bids: WireL3Order[]; asks: WireL3Order[] }
const entry = (id: string): Entry => {
  const msg = parseLossless(corpusMessage(id).text) as { data: Entry[] }
  return msg.data[0]!
}
const MATIC = { pricePrecision: 4, qtyPrecision: 8 }
const BTC = { pricePrecision: 1, qtyPrecision: 8 }

describe('level3 frames into L3BookEngine', () => {
  it("Kraken's worked checksum example: the engine builds Kraken's printed input string and 1063832831", () => {
    const e = entry('ws.level3.snapshot.docs-l3-checksum')
    expect(e.checksum).toBe('1063832831')
    const book = new L3BookEngine('BTC/USD', BTC, 10)
    book.applySnapshot(e.bids, e.asks)
    expect(book.orderCount()).toBe(35)
    // both strings as printed on Kraken's L3 checksum guide (asks low to high, then bids high to low)
    const asks =
      '44939545230839344939511126144939510000044939510000004495001033492644953064537449550250000449596356300004495963563000044960133807244960288967575449670314392283449785677896044979235630000'
    const bids =
      '449394889686994493944521000044939410000000449394142963234493942500000044939410292988449394338800004493941281408604493713346877449347356300004493022273429944930210000004493025550000449302700000004493021500000044928010524044919633870000449195761000044912035630000449097669000044901988982'
    expect(book.checksumInput()).toBe(asks + bids)
    expect(book.checksum()).toBe(1063832831)
    expect(book.verify(1063832831)).toBe(true)
    expect(book.view(1)).toEqual([
      {
        side: 'bid',
        price: '44939.4',
        orders: [
          { id: 'OTCFZG-YOE2Q-LQKNM3', qty: '0.88968699' },
          { id: 'OFGP5R-B3E7G-54EZD6', qty: '0.45210000' },
          { id: 'OMPHVY-IZPJ4-KOKA3P', qty: '0.10000000' },
          { id: 'OAI5QZ-AMPLW-NBNO72', qty: '0.14296323' },
          { id: 'O7VFZI-CTFWH-FF6EIR', qty: '0.25000000' },
          { id: 'O472V3-ZG4EZ-OLD66C', qty: '0.10292988' },
          { id: 'OEK26P-BGPUK-LDHMD2', qty: '0.33880000' },
          { id: 'OSMYPE-S5VOC-YSS3WM', qty: '1.28140860' },
        ],
      },
      {
        side: 'ask',
        price: '44939.5',
        orders: [
          { id: 'OFVLAA-HRSSP-BK75KB', qty: '4.52308393' },
          { id: 'OYBAMK-O5DKX-WMPUTM', qty: '0.00111261' },
          { id: 'O3DRCT-J5M2S-KYV526', qty: '0.00100000' },
          { id: 'OF3X3A-72WZY-6EKA5F', qty: '0.01000000' },
        ],
      },
    ])
  })

  it("Kraken's documented snapshot: queues in arrival order, exact quantities; its checksum covers levels the page leaves out", () => {
    const e = entry('ws.level3.snapshot.docs-1')
    expect(e.symbol).toBe('MATIC/USD')
    expect(e.checksum).toBe('281817320')
    const book = new L3BookEngine('MATIC/USD', MATIC, 10)
    book.applySnapshot(e.bids, e.asks)
    expect(book.view(10)).toEqual([
      { side: 'bid', price: '0.5629', orders: [{ id: 'O6ZQNQ-BXL4E-5WGINO', qty: '111.56125344' }] },
      {
        side: 'bid',
        price: '0.5625',
        orders: [
          { id: 'OEP26Y-YAFEF-OFR62B', qty: '6390.19338000' },
          { id: 'OKNAY7-67JRK-AIZ4JO', qty: '14084.50000000' },
        ],
      },
      {
        side: 'ask',
        price: '0.5630',
        orders: [
          { id: 'OLLSXO-HDMT3-BUOKEI', qty: '4422.99783570' },
          { id: 'O5SR5W-L7OLY-BLDEJV', qty: '420.00000000' },
          { id: 'OXV6QS-2GG4Q-F4EECM', qty: '490.00000000' },
        ],
      },
    ])
    expect(book.orderCount()).toBe(6)
    // the excerpt's own checksum (independently: 3519790413), not the full book's
    expect(book.checksum()).toBe(3519790413)
    expect(book.verify(281817320)).toBe(false)
  })

  it("Kraken's documented update: deleting an order the book lacks changes nothing; three adds queue at 0.5640", () => {
    const book = new L3BookEngine('MATIC/USD', MATIC, 10)
    const s = entry('ws.level3.snapshot.docs-1')
    book.applySnapshot(s.bids, s.asks)
    const u = entry('ws.level3.update.docs-1')
    expect(u.asks.map((o) => o.event)).toEqual(['delete', 'add', 'add', 'add'])
    book.applyUpdate(u.bids, u.asks)
    expect(book.view(10).filter((l) => l.side === 'ask')).toEqual([
      {
        side: 'ask',
        price: '0.5630',
        orders: [
          { id: 'OLLSXO-HDMT3-BUOKEI', qty: '4422.99783570' },
          { id: 'O5SR5W-L7OLY-BLDEJV', qty: '420.00000000' },
          { id: 'OXV6QS-2GG4Q-F4EECM', qty: '490.00000000' },
        ],
      },
      {
        side: 'ask',
        price: '0.5640',
        orders: [
          { id: 'O2BN53-5RSB2-V3J57T', qty: '3500.77668626' },
          { id: 'OWG5ZU-LHUHH-BICPEX', qty: '22149.62881248' },
          { id: 'ONVDB3-2DRUF-Y6MF7D', qty: '42196.34088652' },
        ],
      },
    ])
    expect(book.orderCount()).toBe(9)
    expect(book.checksum()).toBe(1512937296)
  })

  it('add, modify (qty in place; price moves to the back), delete: the nautilus sequence, order by order', () => {
    const book = new L3BookEngine('BTC/USD', BTC, 10)
    const s = entry('ws.level3.snapshot.nautilus-1')
    book.applySnapshot(s.bids, s.asks)
    for (const id of [
      'ws.level3.update.nautilus-add',
      'ws.level3.update.nautilus-modify-qty',
      'ws.level3.update.nautilus-modify-price',
      'ws.level3.update.nautilus-delete',
    ]) {
      const u = entry(id)
      book.applyUpdate(u.bids, u.asks)
    }
    expect(book.view(10)).toEqual([
      { side: 'bid', price: '42000.5', orders: [{ id: 'order-bid-2', qty: '1.20000000' }] },
      { side: 'bid', price: '42000.0', orders: [{ id: 'order-bid-new', qty: '0.10000000' }] },
      { side: 'bid', price: '41999.0', orders: [{ id: 'order-bid-3', qty: '0.30000000' }] },
      { side: 'bid', price: '41998.0', orders: [{ id: 'order-bid-1', qty: '0.50000000' }] },
      { side: 'ask', price: '42001.0', orders: [{ id: 'order-ask-1', qty: '0.50000000' }] },
    ])
    expect(book.checksum()).toBe(3252499760)
  })
})

describe('level3 frames through Level3Books (the app consumer)', () => {
  function books() {
    const published: string[] = []
    const logs: string[] = []
    const resyncs: string[] = []
    const l3 = new Level3Books({
      client: () => ({
        watchLevel3: () => Promise.resolve(),
        unwatchLevel3: () => Promise.resolve(),
        resyncLevel3: (symbol: string) => {
          resyncs.push(symbol)
          return Promise.resolve()
        },
      }),
      precision: (symbol) => (symbol === 'MATIC/USD' ? MATIC : symbol === 'BTC/USD' ? BTC : null),
      isMine: (id) => id === 'OKNAY7-67JRK-AIZ4JO',
      publish: (k) => published.push(k),
      log: (l) => logs.push(l),
    })
    return { l3, published, logs, resyncs }
  }

  it("a checksum that does not describe the book (the docs' excerpt) is refused and resubscribed, never shown as live", () => {
    const { l3, logs, resyncs } = books()
    l3.acquire('MATIC/USD')
    l3.onMessage('snapshot', entry('ws.level3.snapshot.docs-1'))
    expect(l3.latest('MATIC/USD')).toMatchObject({ status: 'resyncing', checksumFailures: 1, orderCount: 6 })
    expect(logs).toEqual(['level3 MATIC/USD: checksum mismatch, taking a fresh snapshot'])
    expect(resyncs).toEqual(['MATIC/USD'])
    // the trader's own order is still recognised in the view
    const mine = l3
      .latest('MATIC/USD')!
      .levels.flatMap((l) => l.orders)
      .filter((o) => o.mine)
    expect(mine).toEqual([{ id: 'OKNAY7-67JRK-AIZ4JO', qty: '14084.50000000', mine: true }])
  })

  it("Kraken's worked example goes live in Level3Books, the trader's order marked", () => {
    const { l3, logs, resyncs } = books()
    l3.acquire('BTC/USD')
    l3.onMessage('snapshot', entry('ws.level3.snapshot.docs-l3-checksum'))
    expect(l3.latest('BTC/USD')).toMatchObject({ status: 'live', checksumFailures: 0, orderCount: 35 })
    expect(logs).toEqual([])
    expect(resyncs).toEqual([])
  })

  it('the placeholder checksum 0 of the synthetic nautilus snapshot is a mismatch too', () => {
    const { l3 } = books()
    l3.acquire('BTC/USD')
    l3.onMessage('snapshot', entry('ws.level3.snapshot.nautilus-1'))
    expect(l3.latest('BTC/USD')).toMatchObject({ status: 'resyncing', checksumFailures: 1, orderCount: 5 })
  })
})

describe('sweep: every inbound level3 frame of the corpus', () => {
  const frames = loadCorpus().messages.filter(
    (m) => m.protocol === 'ws-v2' && m.direction === 'inbound' && m.type.startsWith('level3.'),
  )
  it('covers snapshots and add/modify/delete updates', () => {
    expect(frames.length).toBeGreaterThanOrEqual(7)
    const events = new Set(frames.flatMap((m) => [...m.text.matchAll(/"event":"(\w+)"/g)].map((x) => x[1])))
    expect([...events].sort()).toEqual(['add', 'delete', 'modify'])
  })

  it.each(frames.map((m) => [m.id, m] as const))(
    '%s parses with every price and qty exactly as sent',
    (_, m) => {
      const msg = parseLossless(m.text) as { data: Entry[] }
      const got = msg.data.flatMap((d) => [...d.bids, ...d.asks].flatMap((o) => [o.limit_price, o.order_qty]))
      // Kraken's checksum guide writes them as JSON strings (its "string decoder" view): unquote
      // those so the scan sees them as the tokens they are
      const text = m.text.replace(/"(limit_price|order_qty)":"([^"]*)"/g, '"$1":$2')
      expect(got.sort()).toEqual(numberTokens(text, ['limit_price', 'order_qty']).sort())
      for (const d of msg.data) {
        const book = new L3BookEngine(d.symbol, d.symbol.startsWith('BTC') ? BTC : MATIC, 1000)
        if (m.type === 'level3.snapshot') book.applySnapshot(d.bids, d.asks)
        else book.applyUpdate(d.bids, d.asks)
      }
    },
  )
})
