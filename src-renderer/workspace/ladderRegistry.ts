import type { LadderCommands } from '../panels/Ladder'

/**
 * The ladder keys (re-centre, scroll) act on one ladder of the window: the one the trader last
 * clicked or activated, else the first one shown.
 */
const ladders = new Map<string, { current: LadderCommands | null }>()
let active: string | null = null

export function registerLadder(panelId: string): { current: LadderCommands | null } {
  const ref = ladders.get(panelId) ?? { current: null }
  ladders.set(panelId, ref)
  if (active === null) active = panelId
  return ref
}

export function unregisterLadder(panelId: string): void {
  ladders.delete(panelId)
  if (active === panelId) active = ladders.keys().next().value ?? null
}

export function activateLadder(panelId: string): void {
  if (ladders.has(panelId)) active = panelId
}

export function activeLadder(): LadderCommands | null {
  return active ? (ladders.get(active)?.current ?? null) : null
}
