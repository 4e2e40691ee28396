import { describe, expect, it } from 'vitest'
import {
  LadderPainter,
  type LadderLayout,
  type PaintContext,
  type PaintRow,
} from '../../../src-renderer/panels/ladderPainter'

/** A 2D context that records what was drawn, with the style in force at the time. */
function recorder() {
  const calls: { op: string; args: unknown[]; fill: unknown; align: string; font: string }[] = []
  const ctx = {
    fillStyle: '' as unknown,
    strokeStyle: '' as unknown,
    lineWidth: 1,
    font: '',
    textAlign: 'left' as CanvasTextAlign,
    textBaseline: 'alphabetic' as CanvasTextBaseline,
  } as PaintContext
  for (const op of ['setTransform', 'clearRect', 'fillRect', 'strokeRect', 'fillText'] as const) {
    ;(ctx as unknown as Record<string, unknown>)[op] = (...args: unknown[]) =>
      calls.push({ op, args, fill: ctx.fillStyle, align: ctx.textAlign, font: ctx.font })
  }
  return { ctx, calls, texts: () => calls.filter((c) => c.op === 'fillText') }
}

const layout: LadderLayout = {
  columns: {
    myBid: { x: 0, w: 50 },
    bid: { x: 50, w: 100 },
    price: { x: 150, w: 90 },
    ask: { x: 240, w: 100 },
    myAsk: { x: 340, w: 50 },
    volume: { x: 390, w: 64 },
  },
  width: 454,
  height: 60, // three rows
  rowPx: 20,
  scale: 2,
  theme: {
    bid: 'green',
    ask: 'red',
    bidBg: 'bid-bg',
    askBg: 'ask-bg',
    muted: 'grey',
    line: 'line',
    rowLine: 'row-line',
    mine: 'gold',
    bestText: 'white',
    font: '13px mono',
    smallFont: '11px mono',
  },
}

/** A painter on a recording context, already laid out. */
function laidOut() {
  const r = recorder()
  const p = new LadderPainter(r.ctx)
  p.setLayout(layout)
  return { r, p }
}

const row = (priceText: string, over: Partial<PaintRow> = {}): PaintRow => ({
  priceText,
  bidQty: null,
  askQty: null,
  bestBid: false,
  bestAsk: false,
  bidPct: 0,
  askPct: 0,
  lastSide: null,
  myBuy: '',
  mySell: '',
  volume: '',
  ...over,
})

const rows = (): PaintRow[] => [
  row('100.1', { askQty: '2.00000000', askPct: 100, bestAsk: true }),
  row('100.0', { lastSide: 'buy', volume: '0.5000' }),
  row('99.9', { bidQty: '1.00000000', bidPct: 50, bestBid: true, myBuy: '0.01' }),
]

describe('LadderPainter', () => {
  it('paints nothing before it knows its size', () => {
    const r = recorder()
    expect(new LadderPainter(r.ctx).paint(rows())).toBe(0)
    expect(r.calls).toHaveLength(0)
  })

  it('scales to device pixels and draws each row where the DOM row lies', () => {
    const { r, p } = laidOut()
    expect(r.calls[0]).toMatchObject({ op: 'setTransform', args: [2, 0, 0, 2, 0, 0] })
    expect(p.paint(rows())).toBe(3)
    const text = (s: string) => r.texts().find((c) => c.args[0] === s)!
    // prices centred in the price column, in the row's middle
    expect(text('100.1').args.slice(1, 3)).toEqual([195, 10])
    expect(text('99.9').args.slice(1, 3)).toEqual([195, 50])
    expect(text('99.9')).toMatchObject({ align: 'center', fill: 'white' })
    // bid sizes right-aligned against the price column, asks left-aligned from it, exact texts
    expect(text('1.00000000')).toMatchObject({
      align: 'right',
      fill: 'green',
      args: ['1.00000000', 144, 50, 88],
    })
    expect(text('2.00000000')).toMatchObject({
      align: 'left',
      fill: 'red',
      args: ['2.00000000', 246, 10, 88],
    })
    // my order and the volume in the small font; the last trade's price in gold
    expect(text('0.01')).toMatchObject({ fill: 'gold', font: '11px mono', align: 'center' })
    expect(text('0.5000')).toMatchObject({ fill: 'grey', align: 'right' })
    expect(text('100.0').fill).toBe('gold')
    expect(
      r.calls.some((c) => c.op === 'strokeRect' && (c.args[1] as number) > 20 && (c.args[1] as number) < 40),
    ).toBe(true)
  })

  it('sizes depth bars by their share and grows them outwards from the price', () => {
    const { r, p } = laidOut()
    p.paint(rows())
    const bars = r.calls.filter((c) => c.op === 'fillRect' && (c.args[1] as number) % 20 === 2)
    // the bid bar (50 %) ends at the price column; the ask bar (100 %) starts there
    expect(bars.find((c) => c.fill === 'bid-bg')!.args).toEqual([100, 42, 50, 16])
    expect(bars.find((c) => c.fill === 'ask-bg')!.args).toEqual([240, 2, 100, 16])
  })

  it('repaints only the rows that changed', () => {
    const { r, p } = laidOut()
    p.paint(rows())
    r.calls.length = 0
    expect(p.paint(rows())).toBe(0)
    expect(r.calls).toHaveLength(0)
    const next = rows()
    next[2] = { ...next[2]!, bidQty: '1.50000000', bidPct: 75 }
    expect(p.paint(next)).toBe(1)
    // that row's band is cleared and redrawn; the others are left alone
    expect(r.calls[0]).toMatchObject({ op: 'clearRect', args: [0, 40, 454, 20] })
    expect(r.texts().map((c) => c.args[0])).toEqual(['99.9', '1.50000000', '0.01'])
  })

  it('clears rows that are gone and repaints everything after a new layout', () => {
    const { r, p } = laidOut()
    p.paint(rows())
    r.calls.length = 0
    expect(p.paint(rows().slice(0, 1))).toBe(2)
    expect(r.calls.filter((c) => c.op === 'clearRect').map((c) => c.args[1])).toEqual([20, 40])
    expect(r.texts()).toHaveLength(0)
    p.setLayout({ ...layout, width: 500 })
    expect(p.paint(rows())).toBe(3)
  })

  it('never cuts a number: a text wider than its column is squeezed into it', () => {
    const { r, p } = laidOut()
    p.paint([row('100.0', { myBuy: '0.01461519' })])
    const mine = r.texts().find((c) => c.args[0] === '0.01461519')!
    // whole text, centred in the 50 px column, squeezed to its width less 2 px each side
    expect(mine.args).toEqual(['0.01461519', 25, 10, 46])
  })

  it('paints bracket legs in the Mine cells in their own colours: a target and a stop unlike a plain order', () => {
    const r = recorder()
    const p = new LadderPainter(r.ctx)
    p.setLayout({ ...layout, theme: { ...layout.theme, target: 'cyan', stop: 'orange' } })
    p.paint([
      row('100.1', { mySell: '0.01', legSell: 'T 0.01', legSellKind: 'target' }),
      row('100.0', { mySell: '0.02' }),
      row('99.9', { legSell: 'S 0.01', legSellKind: 'stop' }),
    ])
    const text = (s: string) => r.texts().find((c) => c.args[0] === s)
    expect(text('T 0.01')).toMatchObject({ fill: 'cyan', align: 'center', args: ['T 0.01', 365, 10, 46] })
    expect(text('S 0.01')).toMatchObject({ fill: 'orange', args: ['S 0.01', 365, 50, 46] })
    expect(text('0.02')).toMatchObject({ fill: 'gold' })
    // the target's own quantity is not painted a second time under its mark
    expect(text('0.01')).toBeUndefined()
    // a stop moved one row repaints both rows, and only them
    expect(
      p.paint([
        row('100.1', { mySell: '0.01', legSell: 'T 0.01', legSellKind: 'target' }),
        row('100.0', { mySell: '0.02', legSell: 'S 0.01', legSellKind: 'stop' }),
        row('99.9'),
      ]),
    ).toBe(2)
  })
})
