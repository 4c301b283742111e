/** Entry point: start the PWA shell (service worker, storage), then render the app shell. */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './ui/app/app'
import { startPwa } from './ui/pwa/start-pwa'
import { UpdateBanner } from './ui/pwa/update-banner'
import './ui/app/app.css'

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')

startPwa()

createRoot(container).render(
  <StrictMode>
    <UpdateBanner />
    <App />
  </StrictMode>,
)
