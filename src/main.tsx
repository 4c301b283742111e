/** Entry point: start the PWA shell (service worker, storage) and background sync, then render the app. */
// Crucial: first, so it runs before any module defines a zod schema.
import './zod-config'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { putTodayUnderDeepLink, takeJoinCode } from './ui/app/address'
import { App } from './ui/app/app'
import { guardUnsavedWork } from './ui/app/unsaved-work'
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
startPwa()

createRoot(container).render(
  <StrictMode>
    <UpdateBanner />
    <App joinCode={joinCode} />
  </StrictMode>,
)

// Sync runs in the background only when a space is configured in Settings, and starts after the
// first paint: the first screen's reads never queue behind the engine's (DESIGN §3).
requestAnimationFrame(() =>
  setTimeout(() => void import('./ui/data/sync-connection').then(({ startSync }) => startSync())),
)
