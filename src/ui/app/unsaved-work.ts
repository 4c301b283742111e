/**
 * Unsaved work: a form the baker has typed into and not yet submitted or closed. While there is
 * some, leaving the app (Back past the first screen, closing the tab, a reload) asks first, through
 * the browser's own "Leave site?" prompt. Watches the document, so no form has to register.
 */

export type UnsavedWorkWatch = { hasUnsavedWork: () => boolean; stop: () => void }

/** Start watching `win`'s document for typed-into forms and guard leaving while there are any. */
export function guardUnsavedWork(win: Window): UnsavedWorkWatch {
  const touched = new Set<HTMLFormElement>()

  function formOf(target: EventTarget | null): HTMLFormElement | null {
    if (!(target instanceof Element)) return null
    // A search box filters what is shown; there is nothing to lose in it.
    if (target instanceof HTMLInputElement && target.type === 'search') return null
    return target.closest('form')
  }

  function onInput(event: Event) {
    const form = formOf(event.target)
    if (form) touched.add(form)
  }

  function onSubmit(event: Event) {
    if (event.target instanceof HTMLFormElement) touched.delete(event.target)
  }

  function hasUnsavedWork(): boolean {
    for (const form of touched) {
      // A form that was cancelled or closed has left the page, and its work with it.
      if (!form.isConnected) touched.delete(form)
    }
    return touched.size > 0
  }

  function onBeforeUnload(event: BeforeUnloadEvent) {
    if (!hasUnsavedWork()) return
    event.preventDefault()
    // Older Chromium shows the prompt only when returnValue is set.
    event.returnValue = ''
  }

  win.document.addEventListener('input', onInput, true)
  win.document.addEventListener('change', onInput, true)
  win.document.addEventListener('submit', onSubmit, true)
  win.addEventListener('beforeunload', onBeforeUnload)
  return {
    hasUnsavedWork,
    stop: () => {
      win.document.removeEventListener('input', onInput, true)
      win.document.removeEventListener('change', onInput, true)
      win.document.removeEventListener('submit', onSubmit, true)
      win.removeEventListener('beforeunload', onBeforeUnload)
    },
  }
}
