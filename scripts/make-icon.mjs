// Draws Trident's app icon (resources/icon.png, 1024×1024) without any image library: a trident
// on the app's dark background, written as a PNG with Node's zlib. electron-builder derives the
// .icns (macOS), .ico (Windows) and Linux sizes from it. Run: node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const N = 1024
const px = Buffer.alloc(N * N * 4)
const set = (x, y, [r, g, b, a]) => {
  if (x < 0 || y < 0 || x >= N || y >= N) return
  const i = (y * N + x) * 4
  px[i] = r
  px[i + 1] = g
  px[i + 2] = b
  px[i + 3] = a
}
const BG = [11, 14, 19, 255]
const TEAL = [47, 191, 160, 255]
const radius = 180
for (let y = 0; y < N; y++)
  for (let x = 0; x < N; x++) {
    // rounded square
    const dx = Math.max(radius - x, 0, x - (N - 1 - radius))
    const dy = Math.max(radius - y, 0, y - (N - 1 - radius))
    if (dx * dx + dy * dy <= radius * radius) set(x, y, BG)
  }
const rect = (x0, y0, x1, y1, c) => {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) set(x, y, c)
}
// shaft, cross bar, three prongs with points
rect(482, 330, 542, 880, TEAL)
rect(282, 470, 742, 530, TEAL)
for (const cx of [312, 512, 712]) {
  rect(cx - 30, 200, cx + 30, 500, TEAL)
  for (let k = 0; k < 70; k++)
    rect(cx - 30 + Math.floor(k * 0.43), 200 - k, cx + 30 - Math.floor(k * 0.43), 201 - k, TEAL)
}

const crc = (buf) => {
  let c = ~0
  for (const b of buf) {
    c ^= b
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
  }
  return ~c >>> 0
}
const chunk = (type, data) => {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type), data])
  const c = Buffer.alloc(4)
  c.writeUInt32BE(crc(td))
  return Buffer.concat([len, td, c])
}
const ihdr = Buffer.alloc(13)
ihdr.writeUInt32BE(N, 0)
ihdr.writeUInt32BE(N, 4)
ihdr[8] = 8 // bit depth
ihdr[9] = 6 // RGBA
const raw = Buffer.alloc((N * 4 + 1) * N)
for (let y = 0; y < N; y++) px.copy(raw, y * (N * 4 + 1) + 1, y * N * 4, (y + 1) * N * 4)
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
])
const out = new URL('../resources/icon.png', import.meta.url).pathname
writeFileSync(out, png)
console.log(`wrote ${out} (${png.length} bytes)`)
