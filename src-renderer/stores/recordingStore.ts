import { useEffect } from 'react'
import { create } from 'zustand'
import type { RecorderView } from '../../src-preload/contract/recording'
import { getBridge } from '../bridge'
import { sayEnded } from '../trading/say'

/** What the recorder is doing, as main last said (null until the first message). */
export const useRecordingStore = create<{ view: RecorderView | null }>(() => ({ view: null }))

/** Keep the recorder's state in the store while the calling component (the status bar) is mounted. */
export function useRecordingSubscription(): void {
  useEffect(
    () =>
      getBridge().subscribe(
        'recording',
        {},
        (view) => useRecordingStore.setState({ view }),
        sayEnded('Recording status'),
      ),
    [],
  )
}

/** "12.3 MiB" (under one: "45.6 KiB", so a young recording is seen to grow): a recording's size. */
export function sizeText(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${(bytes / 1024).toFixed(1)} KiB`
    : `${(bytes / (1024 * 1024)).toFixed(1)} MiB`
}
