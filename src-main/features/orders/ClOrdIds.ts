/**
 * Client order ids as the order service mints them: one counter for both forms, so two ids of the
 * same millisecond never repeat, whichever asset class each is for.
 */
export class ClOrdIds {
  private seq = 0

  constructor(private readonly now: () => number) {}

  /** 18 digits, increasing: valid as Kraken cl_ord_id on REST/WS and as a FIX ClOrdID. */
  spot(): string {
    const ms = BigInt(this.now())
    const id = ms * 100_000n + BigInt(this.seq++ % 100_000)
    return id.toString().padStart(18, '0').slice(-18)
  }

  /**
   * A derivatives contract's client order id: a time-ordered UUID (version 7 layout), since
   * Kraken's derivatives order ids are UUIDs and its FIX wants COMB-UUIDs (docs §5.2, §11).
   */
  contract(): string {
    const ms = this.now().toString(16).padStart(12, '0').slice(-12)
    const seq = (this.seq++ % 4096).toString(16).padStart(3, '0')
    const rand = Array.from({ length: 15 }, () => Math.floor(Math.random() * 16).toString(16)).join('')
    return `${ms.slice(0, 8)}-${ms.slice(8)}-7${seq}-8${rand.slice(0, 3)}-${rand.slice(3)}`
  }
}
