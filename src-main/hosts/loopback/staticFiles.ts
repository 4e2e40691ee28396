import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

/** Resolve a URL path inside `root`, or null if it would escape it. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let p: string
  try {
    p = decodeURIComponent(urlPath.split('?')[0] ?? '/')
  } catch {
    return null
  }
  if (p.includes('\0')) return null
  if (p === '/' || p === '') p = '/index.html'
  const full = normalize(join(root, p))
  const rootNorm = normalize(root.endsWith(sep) ? root : root + sep)
  return full.startsWith(rootNorm) ? full : null
}

export async function loadStatic(
  root: string,
  urlPath: string,
): Promise<{ body: Buffer; type: string } | null> {
  const file = resolveStatic(root, urlPath)
  if (!file) return null
  try {
    return { body: await readFile(file), type: TYPES[extname(file)] ?? 'application/octet-stream' }
  } catch {
    return null
  }
}
