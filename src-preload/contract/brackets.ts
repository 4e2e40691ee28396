/**
 * Brackets, exit templates and chase orders (issue 18): this feature's part of the contract, kept in its own file so
 * the feature's commands and topics are declared in one place; `contract.ts` spreads them into
 * the one channel map.
 */

export const bracketsCommandSchemas = {} as const

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface BracketCommandResults {}

export const bracketsTopicSchemas = {} as const

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface BracketTopicMessages {}
