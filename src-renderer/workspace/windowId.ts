/**
 * Which window of the workspace this page is: "main", or a pop-out ("w1" …) named in the URL's
 * query (Electron: loadFile's query; browser: the URL the main window opened).
 */
function readWindowId(): string {
  const id = new URLSearchParams(window.location.search).get('window')
  return id && /^w[0-9]{1,6}$/.test(id) ? id : 'main'
}

export const WINDOW_ID = readWindowId()
export const IS_MAIN_WINDOW = WINDOW_ID === 'main'
