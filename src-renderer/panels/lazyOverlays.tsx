import { lazyLoad } from './lazyLoad'

/**
 * The help and profiles overlays open on a key or a click, never at start: their code is a chunk
 * of its own, fetched once the window is live (`prefetchOverlays`) so they still open at once.
 */
const loadHelp = () => import('./HelpOverlay').then((m) => m.HelpOverlay)
const loadProfiles = () => import('./ProfilesOverlay').then((m) => m.ProfilesOverlay)

export const HelpOverlay = lazyLoad('help', loadHelp)
export const ProfilesOverlay = lazyLoad('profiles', loadProfiles)

/** Fetch the overlays' chunks ahead of need (a failure shows when one is opened, in words). */
export function prefetchOverlays(): void {
  loadHelp().catch(() => {})
  loadProfiles().catch(() => {})
}
