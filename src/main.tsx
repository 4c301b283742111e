/** Entry point: start the PWA shell (service worker, storage) and background sync, then render the app. */
// Crucial: first, so it runs before any module defines a zod schema.
import './zod-config'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { db } from './db/instance'
import { putTodayUnderDeepLink, takeJoinCode } from './ui/app/address'
import { App } from './ui/app/app'
import { guardUnsavedWork } from './ui/app/unsaved-work'
import { firstScreenSettled } from './ui/data/first-reads'
import { warmDateFormats } from './ui/format'
import { startPwa } from './ui/pwa/start-pwa'
import { UpdateBanner } from './ui/pwa/update-banner'
import './ui/app/app.css'
import './ui/styles/screens.css'
import './ui/styles/small-screens.css'
import './ui/styles/appearance.css'
import './ui/styles/delivery-day.css'

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')

// Before the first render: the router must never see a join credential in the address.
const joinCode = takeJoinCode(window)
putTodayUnderDeepLink(window)
guardUnsavedWork(window)
// On a full tablet the browser's opening of the database is most of a cold start (docs/
// benchmarks.md, "Cold start at L"): ask for it before React renders, and load the date formats
// the first cards need while it runs. A failure surfaces again at the first read.
db.open().catch(() => undefined)
setTimeout(warmDateFormats)
startPwa()

createRoot(container).render(
  <StrictMode>
    <UpdateBanner />
    <App joinCode={joinCode} />
  </StrictMode>,
)

// Sync runs in the background only when a space is configured in Settings, and starts once the
// first screen has its data (or after 5 s at the latest): a tablet with thousands of changes
// waiting would otherwise push them through IndexedDB while the first cards and bars are read
// (DESIGN §3; docs/benchmarks.md, "Cold start at L").
const FIRST_SCREEN_WAIT_MS = 5_000
void Promise.race([
  firstScreenSettled,
  new Promise((resolve) => setTimeout(resolve, FIRST_SCREEN_WAIT_MS)),
]).then(() => import('./ui/data/sync-connection').then(({ startSync }) => startSync()))
