// Types for layers.mjs, so the architecture tests (TypeScript) can read the map.
import type { ESLint } from 'eslint'

export interface Layer {
  name: string
  /** What lives there, in words (docs/ARCHITECTURE.md shows it). */
  what: string
  /** Repo-relative folder globs; the first layer whose glob matches a path owns it. */
  folders: string[]
  /** Layers this layer may import, from the bottom up. */
  mayImport: string[]
  /** Single folders of otherwise closed layers that this layer may import. */
  mayImportFolders?: string[]
  packages: { only: string[] } | { not: string[]; allowIn?: Record<string, string[]> }
}

export interface KnownViolation {
  file: string
  /** The imported repo path (resolved, with extension) or package name. */
  import: string
}

export const ROOT: string
export const LAYERS: Layer[]
export const KNOWN_VIOLATIONS: KnownViolation[]
export function matchesGlob(path: string, glob: string): boolean
export function layerOf(path: string): Layer | undefined
export function resolveSpecifier(fromAbs: string, spec: string): string
declare const plugin: ESLint.Plugin
export default plugin
