import { useEffect, useState } from 'react'
import type { ProfilesView } from '../../src-preload/contract/types'
import { getBridge } from '../bridge'

/** Which venue this session trades on, always in sight; opens the profiles dialog. */
export function ProfileButton({ onOpen }: { onOpen: () => void }) {
  const [view, setView] = useState<ProfilesView | null>(null)
  useEffect(() => getBridge().subscribe('profiles', {}, setView), [])
  const current = view?.profiles.find((p) => p.id === view.current)
  const next =
    view && view.active !== view.current ? view.profiles.find((p) => p.id === view.active) : undefined
  const live = current?.kind === 'kraken'
  return (
    <button
      className={`profile-button${live ? ' live' : ''}`}
      onClick={onOpen}
      title="Venue profiles and API keys"
      data-testid="profile-button"
    >
      {current ? current.name : 'Profile'}
      {current?.status && !current.status.ok ? ' ⚠' : ''}
      {next ? ` → ${next.name} at next start` : ''}
    </button>
  )
}
