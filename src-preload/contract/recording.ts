/**
 * Recording raw WS v2 frames to files (issue 19): this feature's part of the contract, kept in its own file so
 * the feature's commands and topics are declared in one place; `contract.ts` spreads them into
 * the one channel map.
 */
import { z } from 'zod'
import { symbol } from './fields'
import type { RecordingChannel } from '../../src-domain/recording'

/** The channels a trader chooses; the instrument snapshot (precisions) is always recorded with them. */
export const RECORDABLE_CHANNELS = ['book', 'level3', 'trade', 'ticker', 'ohlc'] as const
export type RecordableChannel = (typeof RECORDABLE_CHANNELS)[number]

/** A recording's folder name under <data folder>/recordings: no path separators, no leading dot. */
const recordingName = z
  .string()
  .trim()
  .min(1, 'give the recording a name')
  .max(60)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, 'letters, digits, spaces, dots, dashes and underscores only')

export const recordingCommandSchemas = {
  /** Record these channels of these instruments to files under the data folder, until stopped. */
  'recording.start': z
    .object({
      symbols: z.array(symbol).min(1, 'choose at least one instrument to record').max(20),
      channels: z
        .array(z.enum(RECORDABLE_CHANNELS))
        .min(1, 'choose at least one channel to record (book, level3, trade, ticker, ohlc)')
        .max(RECORDABLE_CHANNELS.length),
      name: recordingName.optional(),
    })
    .strict(),
  /** Stop recording: the open file is finished and closed. */
  'recording.stop': z.object({}).strict(),
} as const

/** What the recorder is doing, for the status bar ("● REC 12.3 MiB") and whoever asks. */
export interface RecorderView {
  state: 'off' | 'recording' | 'error'
  /** the session's name: its folder under <data folder>/recordings */
  name: string | null
  /** the session's folder, absolute */
  folder: string | null
  symbols: string[]
  channels: RecordingChannel[]
  /** files written in this session (a file is rotated at `rotateRawBytes`) */
  files: number
  /** the file being written, absolute */
  file: string | null
  /** record lines accepted, uncompressed (UTF-8 bytes) */
  bytesRaw: number
  /** gzip bytes written to disk */
  bytesCompressed: number
  frames: number
  /** frames lost because the disk could not keep up (each run of them ends the file: a gap) */
  dropped: number
  gaps: number
  /** the total size of all recordings in the data folder; the oldest finished files go first */
  capBytes: number
  rotateRawBytes: number
  /** files the cap deleted in this session */
  deletedFiles: number
  /**
   * The cap had to delete earlier files of the recording still being made (the recordings replay
   * profiles practise on, which it never deletes, fill it), in words; null otherwise
   */
  capWarning: string | null
  /** why recording stopped by itself, in words */
  error: string | null
  /** ms since epoch */
  startedAt: number | null
}

export interface RecordingCommandResults {
  'recording.start': RecorderView
  'recording.stop': RecorderView
}

export const recordingTopicSchemas = {
  /** The recorder's state: off, recording (with sizes) or stopped by an error. */
  recording: z.object({}).strict(),
} as const

export interface RecordingTopicMessages {
  recording: RecorderView
}
