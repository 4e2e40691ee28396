import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { TrackedOrder } from '../../../src-main/core/orders/OrderTracker'
import { FixSessionJournal } from '../../../src-main/store/FixSessionJournal'
import { OrderJournal } from '../../../src-main/store/OrderJournal'
import { closeStore, openStore } from '../../../src-main/store/openStore'
import { trackedOrder } from '../../helpers/trackedOrder'

const order = trackedOrder

const dir = () => mkdtempSync(join(tmpdir(), 'trident-sendlog-'))
const logText = (d: string) => readFileSync(join(d, 'trident.db.sendlog'), 'utf8')
const orderLine = (o: TrackedOrder, profile = 'sim') => {
  const { fills: _f, ...rest } = o
  return JSON.stringify({ k: 'order', p: profile, o: rest })
}

describe('SendLog: an order on disk before its bytes leave, in SQLite right after', () => {
  it('writes the line at once and commits to SQLite only after the running code (the send) is done', async () => {
    const d = dir()
    const db = openStore(join(d, 'trident.db'))
    const j = new OrderJournal(db, 'sim')
    j.saveBeforeSend(order())
    // the "send" runs here: the line is on disk, the database does not have it yet
    expect(logText(d)).toBe(`${orderLine(order())}\n`)
    expect(j.loadOrders()).toEqual([])
    await Promise.resolve()
    expect(j.loadOrders()).toEqual([order()])
    closeStore(db)
  })

  it('at the next start, commits what a killed app left only in the log, then empties the log', () => {
    const d = dir()
    writeFileSync(
      join(d, 'trident.db.sendlog'),
      [
        orderLine(order()),
        JSON.stringify({
          k: 'fix',
          p: 'sim',
          s: 'TRIDENT->KRAKEN-TRD',
          r: { seq: 7, msgType: 'D', time: 20, obj: { ClOrdID: '000000000000000043' } },
          n: 8,
          l: 5,
        }),
        '',
      ].join('\n'),
    )
    const said: string[] = []
    const db = openStore(join(d, 'trident.db'), (l) => said.push(l))
    expect(new OrderJournal(db, 'sim').loadOrders()).toEqual([order()])
    const fix = new FixSessionJournal(db, 'sim', 'TRIDENT->KRAKEN-TRD')
    expect(fix.all()).toEqual([{ seq: 7, msgType: 'D', time: 20, obj: { ClOrdID: '000000000000000043' } }])
    expect(fix.seqNums()).toEqual({ nextOut: 8, lastIn: 5 })
    expect(said).toEqual(['journal: 2 send log records checked against the database'])
    expect(logText(d)).toBe('')
    closeStore(db)
  })

  it('never puts an order back to how it was sent when the journal has a later state of it', () => {
    const d = dir()
    const file = join(d, 'trident.db')
    let db = openStore(file)
    new OrderJournal(db, 'sim').saveOrder(order({ state: 'filled', filledQty: '0.00100000', updatedAt: 12 }))
    closeStore(db)
    writeFileSync(`${file}.sendlog`, `${orderLine(order())}\n`)
    db = openStore(file)
    const [o] = new OrderJournal(db, 'sim').loadOrders()
    expect([o!.state, o!.filledQty, o!.updatedAt]).toEqual(['filled', '0.00100000', 12])
    closeStore(db)
  })

  it('replays a FIX sequence reset in its place: messages before it stay forgotten', () => {
    const d = dir()
    const rec = (seq: number, n: number) =>
      JSON.stringify({
        k: 'fix',
        p: 'sim',
        s: 'S->T',
        r: { seq, msgType: 'D', time: seq, obj: { ClOrdID: String(seq) } },
        n,
        l: 1,
      })
    writeFileSync(
      join(d, 'trident.db.sendlog'),
      `${rec(40, 41)}\n${JSON.stringify({ k: 'fix-clear', p: 'sim', s: 'S->T' })}\n${rec(2, 3)}\n`,
    )
    const db = openStore(join(d, 'trident.db'))
    const fix = new FixSessionJournal(db, 'sim', 'S->T')
    expect(fix.all().map((r) => r.seq)).toEqual([2])
    expect(fix.seqNums()).toEqual({ nextOut: 3, lastIn: 1 })
    closeStore(db)
  })

  it('a sequence reset forgets now, and neither its pending commits nor a replay undo what came after it', async () => {
    const d = dir()
    const file = join(d, 'trident.db')
    let db = openStore(file)
    let fix = new FixSessionJournal(db, 'sim', 'S->T')
    const rec = (seq: number) => ({ seq, msgType: 'D', time: seq, obj: { ClOrdID: String(seq) } })
    fix.addWithSeqNums(rec(40), 41, 9) // its commit is still to run when the reset comes
    fix.clear()
    fix.noteSeqNums(2, 1) // the reset Logon's number, written straight to SQLite
    await Promise.resolve()
    expect(fix.all()).toEqual([])
    expect(fix.seqNums()).toEqual({ nextOut: 2, lastIn: 1 })
    // a crash now: the next start replays the log (message 40, then the reset)
    closeStore(db)
    db = openStore(file)
    fix = new FixSessionJournal(db, 'sim', 'S->T')
    expect(fix.all()).toEqual([])
    expect(fix.seqNums()).toEqual({ nextOut: 2, lastIn: 1 })
    closeStore(db)
  })

  it('a record the next start cannot commit is said, the app starts, and the log keeps it', () => {
    const d = dir()
    // an order record with no client order id: the database refuses it (NOT NULL)
    writeFileSync(join(d, 'trident.db.sendlog'), `{"k":"order","p":"sim","o":{"symbol":"BTC/USD"}}\n`)
    const said: string[] = []
    const db = openStore(join(d, 'trident.db'), (l) => said.push(l))
    expect(said[0]).toMatch(/^journal: send log record 1 \(order\) could not be committed: .+/)
    expect(logText(d)).toBe('{"k":"order","p":"sim","o":{"symbol":"BTC/USD"}}\n')
    closeStore(db)
  })

  it('refuses in words to write after the journal is closed', () => {
    const d = dir()
    const db = openStore(join(d, 'trident.db'))
    const j = new OrderJournal(db, 'sim')
    closeStore(db)
    expect(() => j.saveBeforeSend(order())).toThrow('The order journal is closed: nothing can be sent now')
  })

  it('leaves out a last line cut short, and says so', () => {
    const d = dir()
    writeFileSync(join(d, 'trident.db.sendlog'), `${orderLine(order())}\n{"k":"order","p":"sim","o":{"clOr`)
    const said: string[] = []
    const db = openStore(join(d, 'trident.db'), (l) => said.push(l))
    expect(new OrderJournal(db, 'sim').loadOrders()).toEqual([order()])
    expect(said).toEqual([
      'journal: send log line 2 is cut short and was left out (33 bytes)',
      'journal: 1 send log records checked against the database',
    ])
    closeStore(db)
  })

  it('empties itself past 4 MiB once every line is committed, and keeps everything after a failed commit', async () => {
    const d = dir()
    const file = join(d, 'trident.db')
    const said: string[] = []
    let db = openStore(file, (l) => said.push(l))
    const j = new OrderJournal(db, 'sim')
    const reason = 'x'.repeat(1000)
    for (let i = 0; i < 4500; i++) {
      j.saveBeforeSend(order({ clOrdId: `1${String(i).padStart(17, '0')}`, reason }))
      await Promise.resolve()
    }
    // 4,500 lines of ~1.3 KB passed 4 MiB once: emptied then, and has filled again since
    expect(statSync(`${file}.sendlog`).size).toBeLessThan(4 * 1024 * 1024)
    expect(j.loadOrders()).toHaveLength(4500)
    // a commit that fails (the database closed under it) keeps the line for the next start
    const before = statSync(`${file}.sendlog`).size
    j.saveBeforeSend(order({ clOrdId: '200000000000000000' }))
    db.close()
    await Promise.resolve()
    expect(said.at(-1)).toMatch(
      /^journal: could not commit a send log record to the database \(.+\); the send log keeps it and the next start commits it$/,
    )
    expect(statSync(`${file}.sendlog`).size).toBeGreaterThan(before)
    db = openStore(file)
    expect(new OrderJournal(db, 'sim').loadOrders().map((o) => o.clOrdId)).toContain('200000000000000000')
    closeStore(db)
  })

  it('an in-memory journal has no log: the order is in the database before the call returns', () => {
    const db = openStore(':memory:')
    const j = new OrderJournal(db, 'sim')
    j.saveBeforeSend(order())
    expect(j.loadOrders()).toEqual([order()])
    closeStore(db)
  })
})
