import { describe, expect, it } from 'vitest'
import { TridentCore } from '../../../src-main/app/TridentCore'

/**
 * Quitting while Trident is still starting (a trader closes the window during the first second)
 * must not leave the built-in exchange listening on loopback or a session half open.
 */
describe('stop while the venue session is still opening', () => {
  it('waits for the session, stops it, and the exchange no longer answers', async () => {
    const core = new TridentCore({
      host: 'loopback',
      version: 'test',
      sim: { seed: 2, messagesPerSecond: 0 },
    })
    const started = core.start()
    await core.stop()
    await started
    const rest = core.profile?.rest
    expect(rest).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    await expect(fetch(`${rest}/0/public/Time`)).rejects.toThrow(/fetch failed/)
  })
})
