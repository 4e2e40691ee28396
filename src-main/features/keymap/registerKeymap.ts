import { sharedTopic, type StreamHub } from '../../ipc/StreamHub'
import type { KeymapStore } from './KeymapStore'

/** The trader's keymap: the same in every window, so a change is pushed to all of them. */
export function registerKeymap(hub: StreamHub, keymap: KeymapStore): void {
  hub.command('keymap.set', ({ bindings }) => {
    const v = keymap.set(bindings)
    hub.publish('keymap', 'all')
    return v
  })
  hub.command('keymap.reset', () => {
    const v = keymap.reset()
    hub.publish('keymap', 'all')
    return v
  })
  hub.topic(
    'keymap',
    sharedTopic(() => keymap.view()),
  )
}
