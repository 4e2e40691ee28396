import Module, { createRequire } from 'node:module'

/**
 * jspurefix requires all of mathjs (~1.2 s of CPU to load, measured: `require('mathjs')`) for one
 * call, `format(v, { notation: 'fixed' })`, when it writes a number with a fraction. Loaded when
 * the FIX link opens, right after start, that blocked main while the first window fetched its
 * scripts. This registers, before jspurefix loads, a module in mathjs's place with that one
 * function, giving mathjs's exact text (the shortest round-trip digits, never an exponent).
 */
export function formatFixed(v: number): string {
  if (!Number.isFinite(v)) return String(v)
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(v)))
  if (!m) return String(v)
  let digits = m[1]! + (m[2] ?? '')
  let point = m[1]!.length + Number(m[3] ?? 0)
  const lead = /^0*/.exec(digits)![0].length
  digits = digits.slice(lead).replace(/0+$/, '')
  point -= lead
  if (!digits) return '0'
  const sign = v < 0 ? '-' : ''
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length)
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}

let installed = false

/** Put the one-function mathjs in the module cache jspurefix's require reads (once). */
export function installMathjsShim(): void {
  if (installed) return
  installed = true
  const req = createRequire(require.resolve('jspurefix/package.json'))
  const id = req.resolve('mathjs')
  if (req.cache[id]) return // mathjs itself already loaded: nothing to save
  const shim = new Module(id)
  shim.filename = id
  shim.loaded = true
  shim.exports = { format: (v: number) => formatFixed(v) }
  req.cache[id] = shim
}
