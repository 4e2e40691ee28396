/**
 * Practice mode: the replay clock of a replay profile (issue 19): this feature's part of the contract, kept in its own file so
 * the feature's commands and topics are declared in one place; `contract.ts` spreads them into
 * the one channel map.
 */

export const replayCommandSchemas = {} as const

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ReplayCommandResults {}

export const replayTopicSchemas = {} as const

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ReplayTopicMessages {}
