/** Entry point: render the app shell. The database opens lazily on the first read. */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './ui/app/app'
import './ui/app/app.css'

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
