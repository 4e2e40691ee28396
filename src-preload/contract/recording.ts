/**
 * Recording raw WS v2 frames to files (issue 19): this feature's part of the contract, kept in its own file so
 * the feature's commands and topics are declared in one place; `contract.ts` spreads them into
 * the one channel map.
 */

export const recordingCommandSchemas = {} as const

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RecordingCommandResults {}

export const recordingTopicSchemas = {} as const

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RecordingTopicMessages {}
