import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TridentCore } from '../../../../src-main/app/TridentCore'
import { hostActions } from '../../../../src-main/hosts/electron/hostActions'
import { until } from '../../../helpers/until'

/**
 * The application menu and the tray act through the contract, as a window does: the kill
 * switch from the menu is audited under the host's name and reaches the same handler (it once
 * called the trading service directly, unvalidated and unaudited).
 */
let core: TridentCore
const logged: string[] = []
const asked: string[] = []
let actions: ReturnType<typeof hostActions>

beforeAll(async () => {
  core = new TridentCore({ host: 'electron', version: 'test', sim: { seed: 3, messagesPerSecond: 0 } })
  await core.start()
  actions = hostActions(core.hostChannel('electron menu'), {
    focusedWindowId: () => 'main',
    requestWindow: (id, action) => asked.push(`${id}:${action}`),
    tell: (l) => logged.push(l),
  })
}, 30_000)
afterAll(() => core.stop())

describe('menu and tray actions go through the contract', () => {
  it('the kill switch engages and is audited as the menu; re-arm likewise', async () => {
    actions.killSwitch()
    await until(() => core.trading.controls.view().killed, 'kill switch engaged')
    const engaged = await until(
      () => core.audit.recent(10).find((r) => r.command === 'risk.killSwitch'),
      'audit record',
    )
    expect(engaged.who).toBe('electron menu')
    expect(engaged.payload).toEqual({ engaged: true })
    expect(engaged.outcome).toBe('ok')
    actions.rearm()
    await until(() => !core.trading.controls.view().killed, 'trading re-armed')
    const rearmed = await until(
      () =>
        core.audit
          .recent(10)
          .find(
            (r) =>
              r.command === 'risk.killSwitch' &&
              r.payload !== null &&
              (r.payload as { engaged: boolean }).engaged === false,
          ),
      're-arm audit record',
    )
    expect(rearmed.who).toBe('electron menu')
  })

  it('a refused action is told to the trader in words, and asking a window to open a dialog is no command', async () => {
    actions.loadWorkspace('no such workspace')
    await until(
      () =>
        logged.find((l) => l.startsWith('Loading workspace no such workspace from the menu was refused: ')),
      'refusal logged',
    )
    const rec = await until(
      () => core.audit.recent(10).find((r) => r.command === 'workspace.load'),
      'workspace.load audit record',
    )
    expect(rec.outcome).toMatch(/^refused: /)
    actions.openKeymap()
    expect(asked).toEqual(['main:open-keymap'])
  })
})
