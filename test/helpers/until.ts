/** Poll `probe` until it returns something truthy, or fail naming `what`. */
export function until<T>(probe: () => T | undefined | false | null, what: string, ms = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now()
    const tick = (): void => {
      const v = probe()
      if (v) return resolve(v)
      if (Date.now() - t0 > ms) return reject(new Error(`timed out waiting for ${what}`))
      setTimeout(tick, 10)
    }
    tick()
  })
}
