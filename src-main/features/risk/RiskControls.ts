import type { RiskView } from '../../../src-preload/contract/types'
import type { CommandRequest } from '../../../src-preload/contract/contract'
import { RiskManager } from '../../core/risk/RiskManager'
import type { NoticeBoard } from '../notices/NoticeBoard'

const LIMITS_KEY = 'risk.limits'

export interface RiskControlsDeps {
  notices: Pick<NoticeBoard, 'notice'>
  publish: () => void
  /** refuse a request in words (said on the notices board, thrown to the caller) */
  refuse: (text: string) => never
  /** the kill switch engaged: cancel everything everywhere; what each protocol said */
  cancelEverything: () => Promise<string[]>
  /** Kraken's dead-man switch (0 disarms): when it would fire, ms since epoch (0 = off) */
  cancelAllAfter: (seconds: number) => Promise<number>
  settings?: { get<T>(key: string): T | undefined; set(key: string, value: unknown): void }
  now?: () => number
}

/**
 * The trader's risk controls in main, whatever the renderer shows: limits (kept between
 * launches), the kill switch, and Kraken's dead-man switch kept armed.
 */
export class RiskControls {
  readonly risk = new RiskManager()
  private deadman: { timeoutSec: number; triggerAt: number | null; timer: NodeJS.Timeout | null } = {
    timeoutSec: 0,
    triggerAt: null,
    timer: null,
  }
  private readonly now: () => number

  constructor(private readonly d: RiskControlsDeps) {
    this.now = d.now ?? Date.now
    // the trader's limits from the last launch; unreadable ones are said and dropped
    const limits = d.settings?.get<CommandRequest<'risk.setLimits'>>(LIMITS_KEY)
    if (limits) {
      try {
        this.risk.setDefaults(limits)
      } catch (e) {
        d.notices.notice('warn', `Saved risk limits ignored (${(e as Error).message}); using the defaults`)
      }
    }
  }

  async killSwitch(engaged: boolean): Promise<RiskView> {
    if (engaged) {
      this.risk.kill('trader', this.now())
      this.d.publish()
      const said = await this.d.cancelEverything()
      this.d.notices.notice('error', `Kill switch engaged: trading stopped. ${said.join('; ')}`)
    } else {
      this.risk.rearm()
      this.d.notices.notice('info', 'Kill switch re-armed: trading allowed again')
    }
    this.d.publish()
    return this.view()
  }

  /**
   * Arm (or disarm with 0) Kraken's dead-man switch and keep it armed: main re-arms it every
   * quarter of the timeout (Kraken suggests every 15-30 s for 60 s), so it fires only if Trident
   * itself stops, or loses the venue.
   */
  async setDeadman(timeoutSec: number): Promise<RiskView> {
    if (this.deadman.timer) clearInterval(this.deadman.timer)
    this.deadman = { timeoutSec, triggerAt: null, timer: null }
    const arm = async (): Promise<void> => {
      try {
        const at = await this.d.cancelAllAfter(timeoutSec)
        this.deadman.triggerAt = at || null
      } catch (e) {
        this.d.notices.notice('error', `Dead-man switch could not be re-armed: ${(e as Error).message}`)
      }
      this.d.publish()
    }
    await arm()
    if (timeoutSec > 0) {
      this.deadman.timer = setInterval(() => void arm(), Math.max(1000, (timeoutSec * 1000) / 4))
      this.deadman.timer.unref()
      this.d.notices.notice(
        'info',
        `Dead-man switch armed: Kraken cancels everything if Trident goes quiet for ${timeoutSec} s`,
      )
    } else this.d.notices.notice('info', 'Dead-man switch disarmed')
    return this.view()
  }

  setLimits(l: CommandRequest<'risk.setLimits'>): RiskView {
    try {
      this.risk.setDefaults(l)
    } catch (e) {
      this.d.refuse(`Those limits are not valid: ${(e as Error).message}`)
    }
    this.d.settings?.set(LIMITS_KEY, this.risk.limitsFor(''))
    this.d.notices.notice(
      'info',
      `Risk limits set: max ${l.maxOrderQty} per order, value ${l.maxNotional}, band ${l.priceBandPct}%, ${l.maxOpenOrders} working, position ${l.maxPosition}, confirm above ${l.confirmAbove}, ${dupWords(this.risk.limitsFor('').duplicateWindowMs)}`,
    )
    this.d.publish()
    return this.view()
  }

  stop(): void {
    if (this.deadman.timer) clearInterval(this.deadman.timer)
  }

  view(): RiskView {
    return {
      killed: this.risk.killed !== null,
      killedAt: this.risk.killed?.at ?? null,
      defaults: this.risk.limitsFor(''),
      deadman: {
        armed: this.deadman.timeoutSec > 0,
        timeoutSec: this.deadman.timeoutSec,
        triggerAt: this.deadman.triggerAt,
      },
    }
  }
}

function dupWords(ms: number): string {
  return ms > 0 ? `confirm the same order again within ${ms} ms` : 'no duplicate-order check'
}
