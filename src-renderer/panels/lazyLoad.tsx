import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react'

/**
 * A component whose code is a chunk of its own, loaded when it is first shown: what the first
 * paint of a window (a live ladder) does not need is not downloaded, compiled and run before it.
 * While the chunk loads the place says so; if it cannot be loaded (the host went away, a stale
 * page after an update) it says that in words, never a blank panel.
 */
export function lazyLoad<P extends object>(
  what: string,
  load: () => Promise<ComponentType<P>>,
): ComponentType<P> {
  const Lazy = lazy(() =>
    load().then(
      (c) => ({ default: c }),
      (e: unknown) => {
        throw new ChunkLoadError(e instanceof Error ? e.message : String(e))
      },
    ),
  )
  function LazyLoaded(props: P) {
    return (
      <LoadFailure what={what}>
        <Suspense
          fallback={
            <div className="empty" data-testid="lazy-loading">
              Loading the {what}…
            </div>
          }
        >
          <Lazy {...props} />
        </Suspense>
      </LoadFailure>
    )
  }
  LazyLoaded.displayName = `Lazy(${what})`
  return LazyLoaded
}

/** The chunk itself failed to load (as opposed to the component failing once loaded). */
class ChunkLoadError extends Error {}

class LoadFailure extends Component<{ what: string; children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null }

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error }
  }

  override render(): ReactNode {
    const { error } = this.state
    if (!error) return this.props.children
    // the loaded component failing is not a load failure: it goes on up, as it did unsplit
    if (!(error instanceof ChunkLoadError)) throw error
    return (
      <div className="empty load-failed" role="alert" data-testid="lazy-failed">
        The {this.props.what} could not be loaded ({error.message}). Reload the window to try again.
      </div>
    )
  }
}
