// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { guardUnsavedWork, type UnsavedWorkWatch } from './unsaved-work'

let watch: UnsavedWorkWatch | undefined

afterEach(() => {
  watch?.stop()
  document.body.innerHTML = ''
})

function page(): { form: HTMLFormElement; name: HTMLInputElement; search: HTMLInputElement } {
  document.body.innerHTML = `
    <form><input name="name" /></form>
    <input type="search" id="search" />`
  return {
    form: document.querySelector('form')!,
    name: document.querySelector('input[name="name"]')!,
    search: document.querySelector('#search')!,
  }
}

function leave(): boolean {
  const event = new Event('beforeunload', { cancelable: true })
  window.dispatchEvent(event)
  return event.defaultPrevented
}

describe('guardUnsavedWork', () => {
  it('asks before leaving while a form has been typed into', () => {
    const { name } = page()
    watch = guardUnsavedWork(window)
    expect(leave()).toBe(false)

    name.value = 'Cookie tins'
    name.dispatchEvent(new Event('input', { bubbles: true }))

    expect(watch.hasUnsavedWork()).toBe(true)
    expect(leave()).toBe(true)
  })

  it('lets the baker leave once the form is submitted', () => {
    const { form, name } = page()
    watch = guardUnsavedWork(window)
    name.dispatchEvent(new Event('input', { bubbles: true }))
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
    expect(leave()).toBe(false)
  })

  it('lets the baker leave once the form is closed', () => {
    const { form, name } = page()
    watch = guardUnsavedWork(window)
    name.dispatchEvent(new Event('input', { bubbles: true }))
    form.remove()
    expect(leave()).toBe(false)
  })

  it('does not count a search box as work', () => {
    const { search } = page()
    watch = guardUnsavedWork(window)
    search.dispatchEvent(new Event('input', { bubbles: true }))
    expect(leave()).toBe(false)
  })
})
