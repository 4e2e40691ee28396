/**
 * CRC-32 (IEEE 802.3, as zlib's crc32) over an ASCII string.
 * Kraken's book checksum input is only digits, so each UTF-16 code unit is one byte.
 * Kept in pure TypeScript so the book engine has no Node dependency; the simulator uses
 * zlib's native crc32, so the two implementations check each other in integration tests.
 *
 * Four bytes per step ("slicing by 4": four tables, one lookup per byte, no dependency between
 * the four lookups) instead of one: the checksum is recomputed on most book messages.
 */
const T0 = new Int32Array(256)
const T1 = new Int32Array(256)
const T2 = new Int32Array(256)
const T3 = new Int32Array(256)
for (let n = 0; n < 256; n++) {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  T0[n] = c
}
for (let n = 0; n < 256; n++) {
  T1[n] = (T0[T0[n]! & 0xff]! ^ (T0[n]! >>> 8)) | 0
  T2[n] = (T0[T1[n]! & 0xff]! ^ (T1[n]! >>> 8)) | 0
  T3[n] = (T0[T2[n]! & 0xff]! ^ (T2[n]! >>> 8)) | 0
}

export function crc32Ascii(text: string): number {
  return crc32Finish(crc32Update(crc32Start(), text))
}

/** Incremental form, so a checksum over many fragments needs no concatenated string. */
export const crc32Start = (): number => -1
export function crc32Update(crc: number, text: string): number {
  const n = text.length
  let i = 0
  for (; i + 4 <= n; i += 4) {
    crc ^=
      (text.charCodeAt(i) & 0xff) |
      ((text.charCodeAt(i + 1) & 0xff) << 8) |
      ((text.charCodeAt(i + 2) & 0xff) << 16) |
      ((text.charCodeAt(i + 3) & 0xff) << 24)
    crc = T3[crc & 0xff]! ^ T2[(crc >>> 8) & 0xff]! ^ T1[(crc >>> 16) & 0xff]! ^ T0[crc >>> 24]!
  }
  for (; i < n; i++) crc = T0[(crc ^ text.charCodeAt(i)) & 0xff]! ^ (crc >>> 8)
  return crc
}
export const crc32Finish = (crc: number): number => (crc ^ -1) >>> 0
