import { isObj } from './wsv2Messages'

/** A trade, ticker or ohlc entry as Kraken sends it, numbers as exact text. */
export type ChannelEntry = Record<string, unknown>
export type DataChannel = 'trade' | 'ticker' | 'ohlc'

interface WatchedChannel {
  channel: DataChannel
  symbol: string
  params: Record<string, unknown>
  onData: (entries: ChannelEntry[], snapshot: boolean) => void
}

/**
 * The followed trade, ticker and ohlc subscriptions: what to (re)subscribe after every connect,
 * and which watcher gets which entries of a frame.
 */
export class KrakenWsPublicChannels {
  private readonly channels = new Map<string, WatchedChannel>()

  constructor(private readonly send: (msg: Record<string, unknown>) => void) {}

  /** Follow `channel` for `symbol`; returns a function that stops it. */
  watch(
    channel: DataChannel,
    symbol: string,
    onData: WatchedChannel['onData'],
    params: Record<string, unknown> = {},
  ): () => void {
    const key = `${channel}:${symbol}:${JSON.stringify(params)}`
    const w: WatchedChannel = { channel, symbol, params, onData }
    this.channels.set(key, w)
    this.subscribe(w)
    return () => {
      // a later watch of the same key replaced this one: its stop must not end the newer one
      if (this.channels.get(key) !== w) return
      this.channels.delete(key)
      this.send({ method: 'unsubscribe', params: { channel, symbol: [symbol], ...params } })
    }
  }

  /** After a (re)connect: every followed channel again, with a snapshot. */
  subscribeAll(): void {
    for (const w of this.channels.values()) this.subscribe(w)
  }

  /** A trade, ticker or ohlc frame whose data is an array: each watcher gets its symbol's entries. */
  dispatch(msg: Record<string, unknown>, data: unknown[]): void {
    const bySymbol = new Map<string, ChannelEntry[]>()
    for (const d of data) {
      if (!isObj(d) || typeof d.symbol !== 'string') continue
      bySymbol.set(d.symbol, [...(bySymbol.get(d.symbol) ?? []), d])
    }
    for (const w of this.channels.values()) {
      const entries = w.channel === msg.channel ? bySymbol.get(w.symbol) : undefined
      if (!entries) continue
      // one socket carries every interval of a symbol's candles: a watcher gets only its own
      if (
        w.channel === 'ohlc' &&
        w.params.interval !== undefined &&
        entries.every((e) => String(e.interval) !== String(w.params.interval))
      )
        continue
      w.onData(entries, msg.type === 'snapshot')
    }
  }

  private subscribe(w: WatchedChannel): void {
    this.send({
      method: 'subscribe',
      params: { channel: w.channel, symbol: [w.symbol], snapshot: true, ...w.params },
    })
  }
}
