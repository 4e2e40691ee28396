import { PassThrough, Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { writeInTurn } from '../../../../src-main/kraken/fix/KrakenFixSession'

/** A socket stand-in: what reached it, in order; `hold` keeps its writes unfinished (backpressure). */
function socket(highWaterMark = 16_384) {
  const got: string[] = []
  const waiting: (() => void)[] = []
  let hold = false
  const w = new Writable({
    highWaterMark,
    write(chunk: Buffer, _enc, done) {
      got.push(chunk.toString('latin1'))
      if (hold) waiting.push(done)
      else done()
    },
  })
  return {
    w,
    got,
    hold: () => (hold = true),
    release: () => {
      hold = false
      for (const done of waiting.splice(0)) done()
    },
  }
}

const turns = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r))
}

describe("writeInTurn (an encoded FIX message onto jspurefix's piped stream, or straight to its socket)", () => {
  it('nothing waiting in the stream: the bytes reach the socket at once, in this turn', () => {
    const s = socket()
    const stream = new PassThrough()
    stream.pipe(s.w)
    const through: string[] = []
    stream.on('data', (c: Buffer) => through.push(c.toString('latin1')))
    writeInTurn(stream, s.w, Buffer.from('8=FIX.4.4|35=D|', 'latin1'))
    expect(s.got).toEqual(['8=FIX.4.4|35=D|'])
    expect(through).toEqual([]) // not through the stream's hop
  })

  it('bytes of jspurefix still in the stream (not yet flowed to the socket) go first', async () => {
    const s = socket()
    const stream = new PassThrough()
    stream.push(Buffer.from('35=4 gap fill', 'latin1')) // queued before the pipe drains it
    stream.pipe(s.w)
    writeInTurn(stream, s.w, Buffer.from('35=D order', 'latin1'))
    await turns()
    expect(s.got).toEqual(['35=4 gap fill', '35=D order'])
  })

  it('a socket holding the stream back (backpressure): queued behind what waits, in order', async () => {
    const s = socket(1)
    const stream = new PassThrough()
    stream.pipe(s.w)
    s.hold()
    stream.push(Buffer.from('1', 'latin1')) // written; the socket is now full, the pipe pauses
    stream.push(Buffer.from('2', 'latin1')) // waits in the stream
    writeInTurn(stream, s.w, Buffer.from('3', 'latin1'))
    s.release()
    await turns()
    s.release()
    await turns()
    expect(s.got).toEqual(['1', '2', '3'])
  })
})
