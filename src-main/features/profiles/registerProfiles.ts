import { sharedTopic, type StreamHub } from '../../ipc/StreamHub'
import type { ProfileService } from './ProfileService'

/** Credential profiles (never their secrets) and which one is traded on. */
export function registerProfiles(hub: StreamHub, profiles: ProfileService): void {
  hub.command('profiles.save', (p) => profiles.save(p))
  hub.command('profiles.delete', ({ id }) => profiles.delete(id))
  hub.command('profiles.activate', ({ id }) => profiles.activate(id))
  hub.command('profiles.check', ({ id }) => profiles.check(id))
  hub.command('profiles.saveReplay', (p) => profiles.saveReplay(p))
  hub.topic(
    'profiles',
    sharedTopic(() => profiles.view()),
  )
}
