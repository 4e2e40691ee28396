import { useRef, useState } from 'react'
import { useHotkeys } from './hotkeys/useHotkeys'
import { HelpOverlay } from './panels/HelpOverlay'
import { Ladder, type LadderCommands } from './panels/Ladder'
import { StatusBar } from './panels/StatusBar'
import { useMarketStore } from './stores/marketStore'
import { useAppInfo } from './stores/subscriptions'

const SYMBOL = 'BTC/USD'

export function App() {
  useAppInfo()
  const info = useMarketStore((s) => s.info)
  const [help, setHelp] = useState(false)
  const ladder = useRef<LadderCommands | null>(null)

  useHotkeys({
    'help.toggle': () => setHelp((h) => !h),
    'overlay.close': () => setHelp(false),
    'ladder.recentre': () => ladder.current?.recentre(),
    'ladder.scrollUp': () => ladder.current?.scroll(1),
    'ladder.scrollDown': () => ladder.current?.scroll(-1),
    'ladder.pageUp': () => ladder.current?.scroll(ladder.current.pageRows),
    'ladder.pageDown': () => ladder.current?.scroll(-ladder.current.pageRows),
  })

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Trident</span>
        <span className="muted">{info ? `v${info.version} · ${info.host} host` : 'starting…'}</span>
      </header>
      <main className="workspace">
        <Ladder symbol={SYMBOL} commandsRef={ladder} />
      </main>
      <StatusBar symbol={SYMBOL} />
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  )
}
