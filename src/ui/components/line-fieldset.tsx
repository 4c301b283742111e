/**
 * The editable lines of a catalogue form as one fieldset: a legend, each line's own fields
 * followed by its Remove button (named "Remove <noun> line N" for screen readers), and the button
 * that adds a blank line. The lines and their keys come from `useLines` (line-list.ts).
 */
import type { ReactNode } from 'react'
import type { Keyed, useLines } from './line-list'

type Lines<L extends object> = ReturnType<typeof useLines<L>>

export function LineFieldset<L extends object>({
  legend,
  lines,
  lineNoun,
  addLabel,
  blank,
  children,
}: {
  legend: string
  lines: Lines<L>
  /** What one line is, for its Remove button's name: "ingredient" → "Remove ingredient line 2". */
  lineNoun: string
  addLabel: string
  /** The line the add button appends. */
  blank: L
  /** One line's fields. */
  children: (line: Keyed<L>, index: number) => ReactNode
}) {
  return (
    <fieldset className="lines">
      <legend>{legend}</legend>
      {lines.lines.map((line, index) => (
        <div key={line.key} className="line">
          {children(line, index)}
          <button
            type="button"
            className="button-secondary"
            aria-label={`Remove ${lineNoun} line ${index + 1}`}
            onClick={() => lines.remove(line.key)}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="button-secondary" onClick={() => lines.add(blank)}>
        {addLabel}
      </button>
    </fieldset>
  )
}
