/**
 * CRC-32 (IEEE 802.3, as zlib's crc32) over an ASCII string.
 * Kraken's book checksum input is only digits, so each UTF-16 code unit is one byte.
 * Kept in pure TypeScript so the book engine has no Node dependency; the simulator uses
 * zlib's native crc32, so the two implementations check each other in integration tests.
 */
const TABLE = (() => {
  const t = new Int32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c
  }
  return t
})()

export function crc32Ascii(text: string): number {
  return crc32Finish(crc32Update(crc32Start(), text))
}

/** Incremental form, so a checksum over many fragments needs no concatenated string. */
export const crc32Start = (): number => -1
export function crc32Update(crc: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    crc = (TABLE[(crc ^ text.charCodeAt(i)) & 0xff] as number) ^ (crc >>> 8)
  }
  return crc
}
export const crc32Finish = (crc: number): number => (crc ^ -1) >>> 0
