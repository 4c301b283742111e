/**
 * Starting empty, the catalogue is built in one order: ingredients → recipes → baked items →
 * finished goods → packages → recipients → an event. An empty list says which step it is and links
 * to the next one, so a cook starting from nothing is led through in that order.
 */
import type { ReactNode } from 'react'
import { useUiStore } from '../stores/ui-store'

export type BuildStep =
  | 'ingredients'
  | 'recipes'
  | 'finishedUnits'
  | 'finishedGoods'
  | 'packages'
  | 'recipients'
  | 'event'

export const BUILD_ORDER: readonly { step: BuildStep; label: string }[] = [
  { step: 'ingredients', label: 'Ingredients' },
  { step: 'recipes', label: 'Recipes' },
  { step: 'finishedUnits', label: 'Baked items' },
  { step: 'finishedGoods', label: 'Finished goods' },
  { step: 'packages', label: 'Packages' },
  { step: 'recipients', label: 'Recipients' },
  { step: 'event', label: 'An event' },
]

/** The step after `step` (none after the event). */
export function nextStep(step: BuildStep): { step: BuildStep; label: string } | undefined {
  const index = BUILD_ORDER.findIndex((entry) => entry.step === step)
  return BUILD_ORDER[index + 1]
}

/** A link to a build step: a catalogue tab, Recipients, or Today (where an event is created). */
export function StepLink({ step, children }: { step: BuildStep; children: ReactNode }) {
  const goTo = useUiStore((state) => state.goTo)
  const setCatalogueTab = useUiStore((state) => state.setCatalogueTab)
  function open() {
    if (step === 'recipients') goTo('recipients')
    else if (step === 'event') goTo('today')
    else setCatalogueTab(step)
  }
  return (
    <button type="button" className="link-button" onClick={open}>
      {children}
    </button>
  )
}

/** An empty list's text, its place in the build order and a link to the next step. */
export function NextStep({ step, children }: { step: BuildStep; children: ReactNode }) {
  const index = BUILD_ORDER.findIndex((entry) => entry.step === step)
  const next = nextStep(step)
  return (
    <>
      {children} Step {index + 1} of {BUILD_ORDER.length}.
      {next && (
        <>
          {' '}
          Then: <StepLink step={next.step}>{next.label} ›</StepLink>
        </>
      )}
    </>
  )
}
