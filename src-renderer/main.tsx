import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import './styles/app.css'
import { getBridge } from './bridge'
import { HOLD_AFTER_VIEW_MS, rememberedLadderSymbols, subscribeEarlyBooks } from './bridge/earlyBooks'
import { mark, START_MARKS } from './bridge/startMarks'
import { prefetchOverlays } from './panels/lazyOverlays'
import { useMarketStore } from './stores/marketStore'
import { useWorkspaceStore } from './stores/workspaceStore'

// every module this window starts with has been evaluated (cold start bench)
mark(START_MARKS.script)

// the bridge connects, and the ladders' books are asked for, while React renders the window
const releaseEarlyBooks = subscribeEarlyBooks(getBridge(), rememberedLadderSymbols(), (book) =>
  useMarketStore.getState().setBook(book),
)
const stopWaiting = useWorkspaceStore.subscribe((s) => {
  if (!s.view) return
  stopWaiting()
  // the layout is known: once the dock's panels have subscribed, the early hold goes, and the
  // overlays' code is fetched while nothing else is starting
  setTimeout(() => {
    releaseEarlyBooks()
    prefetchOverlays()
  }, HOLD_AFTER_VIEW_MS)
})

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
