/**
 * What the app does with the address when it starts, before the first render: a join link's
 * `#join=` fragment (a space credential) is taken out of the address and out of history at once,
 * and an app opened straight on a deep link gets Today underneath it, so Back walks to Today
 * instead of out of the app.
 */

const STARTED_KEY = 'bake-tracker-started'

/**
 * Take the join code out of the address: returns `#join=…` (what Settings' join form reads) and
 * replaces the history entry with `/settings`, so neither the address bar, history, a bookmark
 * nor a reload ever shows the credential again. Returns '' when the address holds no join code.
 */
export function takeJoinCode(win: Window): string {
  const hash = win.location.hash
  if (!hash.startsWith('#join=')) return ''
  win.history.replaceState(null, '', '/settings')
  return hash
}

/**
 * On the first start in this browser tab on an address other than Today, put Today underneath
 * it in history (a reload of the same tab leaves history as it is).
 */
export function putTodayUnderDeepLink(win: Window): void {
  let started: string | null = null
  try {
    started = win.sessionStorage.getItem(STARTED_KEY)
    win.sessionStorage.setItem(STARTED_KEY, '1')
  } catch {
    // No session storage (locked-down browser): leave history alone rather than guess.
    return
  }
  if (started) return
  const { pathname, search } = win.location
  if (pathname === '/') return
  win.history.replaceState(null, '', '/')
  win.history.pushState(null, '', `${pathname}${search}`)
}
