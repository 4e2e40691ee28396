/** Poll `probe` (sync or async) until it returns something truthy, or fail naming `what`. */
export function until<T>(
  probe: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  what: string,
  ms = 15_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now()
    const tick = async (): Promise<void> => {
      let v: T | undefined | false | null
      try {
        v = await probe()
      } catch (e) {
        return reject(e as Error)
      }
      if (v) return resolve(v)
      if (Date.now() - t0 > ms) return reject(new Error(`timed out waiting for ${what}`))
      setTimeout(() => void tick(), 10)
    }
    void tick()
  })
}
