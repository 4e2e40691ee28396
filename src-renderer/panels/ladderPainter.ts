/**
 * Draws the price ladder on a canvas. Under the built-in exchange's bursts a DOM ladder spent the
 * renderer's frames in style, layout and paint (measured: hiding its rows took the frame rate from
 * ~45 to 60 fps), so the pixels are painted here and the DOM keeps only a throttled, transparent
 * mirror for clicks, drag, screen readers and tests.
 *
 * No React and no DOM: it takes a 2D context and rows, and repaints only rows whose content
 * changed since the last paint ("draw only what changes").
 */

/** What one row shows; text fields are exactly what the trader reads. */
export interface PaintRow {
  priceText: string
  bidQty: string | null
  askQty: string | null
  bestBid: boolean
  bestAsk: boolean
  /** whole percents of the largest quantity on screen */
  bidPct: number
  askPct: number
  lastSide: 'buy' | 'sell' | null
  myBuy: string
  mySell: string
  volume: string
  /** bracket legs in the Mine cells ("T 0.01", "S 0.01"), painted in the leg's colour over myBuy/mySell */
  legBuy?: string
  legSell?: string
  /** held: a target Trident holds (not at Kraken), in the muted colour */
  legBuyKind?: '' | 'target' | 'stop' | 'held'
  legSellKind?: '' | 'target' | 'stop' | 'held'
}

export interface Span {
  x: number
  w: number
}

/** Column positions in CSS pixels, read from the DOM header so CSS stays the one source of layout. */
export interface LadderColumns {
  myBid: Span
  bid: Span
  price: Span
  ask: Span
  myAsk: Span
  volume: Span
}

/** Colours and fonts, read from the stylesheet's custom properties. */
export interface LadderTheme {
  bid: string
  ask: string
  bidBg: string
  askBg: string
  muted: string
  line: string
  rowLine: string
  mine: string
  bestText: string
  /** bracket legs: targets and stops in colours of their own (the mine colour without them) */
  target?: string
  stop?: string
  font: string
  smallFont: string
}

export interface LadderLayout {
  columns: LadderColumns
  width: number
  height: number
  rowPx: number
  /** device pixels per CSS pixel */
  scale: number
  theme: LadderTheme
}

/** The part of CanvasRenderingContext2D the painter uses (a recording fake in tests). */
export type PaintContext = Pick<
  CanvasRenderingContext2D,
  'setTransform' | 'clearRect' | 'fillRect' | 'strokeRect' | 'fillText'
> & {
  fillStyle: unknown
  strokeStyle: unknown
  lineWidth: number
  font: string
  textAlign: CanvasTextAlign
  textBaseline: CanvasTextBaseline
}

const PAD = 6

function signature(r: PaintRow): string {
  return [
    r.priceText,
    r.bidQty,
    r.askQty,
    r.bestBid,
    r.bestAsk,
    r.bidPct,
    r.askPct,
    r.lastSide,
    r.myBuy,
    r.mySell,
    r.volume,
    r.legBuy,
    r.legSell,
    r.legBuyKind,
    r.legSellKind,
  ].join('|')
}

export class LadderPainter {
  private layout: LadderLayout | null = null
  /** what each row index shows on the canvas now; '' = blank */
  private drawn: string[] = []

  constructor(private readonly ctx: PaintContext) {}

  /** New size, columns or theme: everything is repainted on the next paint. */
  setLayout(layout: LadderLayout): void {
    this.layout = layout
    this.drawn = []
    this.ctx.setTransform(layout.scale, 0, 0, layout.scale, 0, 0)
    this.ctx.clearRect(0, 0, layout.width, layout.height)
  }

  /** Paint `rows` top to bottom; returns how many rows were repainted. */
  paint(rows: readonly PaintRow[]): number {
    const l = this.layout
    if (!l) return 0
    const visible = Math.ceil(l.height / l.rowPx)
    let painted = 0
    for (let i = 0; i < Math.max(visible, this.drawn.length); i++) {
      const r = i < rows.length ? rows[i]! : null
      const sig = r ? signature(r) : ''
      if (this.drawn[i] === sig) continue
      this.drawn[i] = sig
      this.ctx.clearRect(0, i * l.rowPx, l.width, l.rowPx)
      if (r) this.row(r, i * l.rowPx, l)
      painted++
    }
    this.drawn.length = Math.max(visible, rows.length)
    return painted
  }

  private row(r: PaintRow, y: number, l: LadderLayout): void {
    const { ctx } = this
    const { columns: c, theme: t, rowPx: h } = l
    // separators: a faint line under each row, the price column's borders
    ctx.fillStyle = t.rowLine
    ctx.fillRect(0, y + h - 1, l.width, 1)
    ctx.fillStyle = t.line
    ctx.fillRect(c.price.x, y, 1, h)
    ctx.fillRect(c.price.x + c.price.w - 1, y, 1, h)
    if (r.bestBid || r.bestAsk) {
      ctx.fillStyle = r.bestBid ? t.bidBg : t.askBg
      ctx.fillRect(c.price.x + 1, y, c.price.w - 2, h - 1)
    }
    // depth bars grow from the price column outwards
    if (r.bidPct > 0) {
      const w = (c.bid.w * r.bidPct) / 100
      ctx.fillStyle = t.bidBg
      ctx.fillRect(c.bid.x + c.bid.w - w, y + 2, w, h - 4)
    }
    if (r.askPct > 0) {
      ctx.fillStyle = t.askBg
      ctx.fillRect(c.ask.x, y + 2, (c.ask.w * r.askPct) / 100, h - 4)
    }
    if (r.lastSide) {
      ctx.strokeStyle = t.mine
      ctx.lineWidth = 1
      ctx.strokeRect(c.price.x + 1.5, y + 0.5, c.price.w - 3, h - 2)
    }
    ctx.font = t.font
    ctx.textBaseline = 'middle'
    const mid = y + h / 2
    this.text(
      r.priceText,
      c.price,
      'center',
      mid,
      r.lastSide ? t.mine : r.bestBid || r.bestAsk ? t.bestText : t.muted,
    )
    if (r.bidQty) this.text(r.bidQty, c.bid, 'right', mid, t.bid)
    if (r.askQty) this.text(r.askQty, c.ask, 'left', mid, t.ask)
    // the narrow columns get the small font and less padding: squeezed, never cut (a cut number is a wrong one)
    ctx.font = t.smallFont
    const legColour = (k: PaintRow['legBuyKind']): string =>
      (k === 'stop' ? t.stop : k === 'target' ? t.target : k === 'held' ? t.muted : undefined) ?? t.mine
    if (r.legBuy) this.text(r.legBuy, c.myBid, 'center', mid, legColour(r.legBuyKind), 2)
    else if (r.myBuy) this.text(r.myBuy, c.myBid, 'center', mid, t.mine, 2)
    if (r.legSell) this.text(r.legSell, c.myAsk, 'center', mid, legColour(r.legSellKind), 2)
    else if (r.mySell) this.text(r.mySell, c.myAsk, 'center', mid, t.mine, 2)
    if (r.volume) this.text(r.volume, c.volume, 'right', mid, t.muted)
  }

  private text(s: string, col: Span, align: CanvasTextAlign, y: number, colour: string, pad = PAD): void {
    const { ctx } = this
    const room = Math.max(1, col.w - 2 * pad)
    const x = align === 'left' ? col.x + pad : align === 'right' ? col.x + col.w - pad : col.x + col.w / 2
    ctx.fillStyle = colour
    ctx.textAlign = align
    // maxWidth squeezes a too-long number rather than letting it spill into the next column
    ctx.fillText(s, x, y, room)
  }
}
