/**
 * The matching engine of an exchange that replays a recording. Two additions:
 *
 * - `together(fn)`: the engine calls made inside reach listeners as ONE batch. Following one
 *   recorded book frame may take several calls (a level added, one amended, one cancelled); the
 *   WS server publishes one book update per batch, so a subscriber gets one frame per recorded
 *   frame — the same book, frame by frame.
 * - Real order minimums for the trader. A recorded level or trade can be smaller than the pair's
 *   ordermin (the rest of a partly filled order), so the replay's own orders run on instruments
 *   with no minimums (`relaxedInstruments`), and `place` checks the real ordermin and costmin for
 *   every other account, with Kraken's texts, as the engine's own validation would.
 */
import { MatchingEngine, type EngineOptions } from '../engine/MatchingEngine'
import { ASSET_DECIMALS, KrakenError, type EngineEvent, type NewOrder, type SimOrder } from '../engine/types'
import type { SimInstrument } from '../instruments'

type Listener = (events: EngineEvent[]) => void

export function relaxedInstruments(instruments: Iterable<SimInstrument>): SimInstrument[] {
  return [...instruments].map((i) => ({ ...i, ordermin: i.qtyIncrement, costmin: '0' }))
}

function units(text: string, precision: number): bigint {
  const [i, f = ''] = text.split('.')
  return BigInt(i! + f.padEnd(precision, '0').slice(0, precision))
}

export class GatedEngine extends MatchingEngine {
  private readonly downstream: Listener[] = []
  private held: EngineEvent[] | null = null
  private depthTogether = 0
  private readonly real: Map<string, SimInstrument>
  private readonly lastPrint = new Map<string, number>()

  /** `real`: the instruments as published; the engine itself runs on their relaxed copies */
  constructor(
    real: Iterable<SimInstrument>,
    private readonly replayAccount: string,
    opts: EngineOptions = {},
  ) {
    super(relaxedInstruments(real), opts)
    this.real = new Map([...real].map((i) => [i.symbol, i]))
    super.onEvents((ev) => {
      // the trader's own trades print too (the replay's fills of the trader are recorded prints)
      for (const e of ev)
        if (e.kind === 'trade' && e.fill.account !== replayAccount)
          this.lastPrint.set(e.fill.symbol, e.fill.price)
      if (this.held) for (const e of ev) this.held.push(e)
      else this.deliver(ev)
    })
  }

  override onEvents(listener: Listener): () => void {
    this.downstream.push(listener)
    return () => this.downstream.splice(this.downstream.indexOf(listener), 1)
  }

  /** Run `fn`; the events of every engine call inside are delivered once, at the end, in order. */
  together<T>(fn: () => T): T {
    if (this.depthTogether++ === 0) this.held = []
    try {
      return fn()
    } finally {
      if (--this.depthTogether === 0) {
        const ev = this.held!
        this.held = null
        if (ev.length) this.deliver(ev)
      }
    }
  }

  /** A recorded trade printed: the last price (ticker) is the last print, recorded or the trader's. */
  setRecordedLast(symbol: string, price: number): void {
    this.lastPrint.set(symbol, price)
    // the engine's trigger check reads its own last price: stops fire on the recorded prints
    this.printedElsewhere(symbol, price)
  }

  override last(symbol: string): number | null {
    return this.lastPrint.get(symbol) ?? super.last(symbol)
  }

  private deliver(ev: EngineEvent[]): void {
    for (const l of [...this.downstream]) l(ev)
  }

  override place(req: NewOrder): SimOrder {
    if (req.account !== this.replayAccount && req.qty > 0n) {
      const inst = this.real.get(req.symbol)
      if (inst) {
        // in the engine's own order: ordermin right after the volume check, costmin among the last
        if (req.qty < units(inst.ordermin, inst.qtyPrecision))
          throw new KrakenError('EOrder:Order minimum not met')
        super.place({ ...req, validateOnly: true })
        const ref = req.limitPrice ?? req.triggerPrice ?? this.last(req.symbol)
        if (ref !== null && ref !== undefined && req.type !== 'trailing-stop') {
          if (this.cost(inst, req.qty, ref) < units(inst.costmin, ASSET_DECIMALS))
            throw new KrakenError('EOrder:Cost minimum not met')
        }
      }
    }
    return super.place(req)
  }
}
