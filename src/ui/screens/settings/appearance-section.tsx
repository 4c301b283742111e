/**
 * Settings › Appearance: light or dark (following the tablet's own setting by default), text size
 * and the currency symbol shown beside amounts. Takes effect at once on this device only.
 */
import {
  CURRENCY_SYMBOLS,
  TEXT_SIZES,
  type TextSize,
  type ThemeChoice,
} from '../../stores/preferences-slice'
import { useUiStore } from '../../stores/ui-store'

const THEMES: { id: ThemeChoice; label: string }[] = [
  { id: 'system', label: 'Like this device' },
  { id: 'light', label: 'Light' },
  { id: 'dark', label: 'Dark' },
]

function Choice<TValue extends string | number>({
  legend,
  name,
  options,
  value,
  onChange,
}: {
  legend: string
  name: string
  options: readonly { id: TValue; label: string }[]
  value: TValue
  onChange: (value: TValue) => void
}) {
  return (
    <fieldset className="choice-group">
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={String(option.id)} className="choice">
          <input
            type="radio"
            name={name}
            checked={value === option.id}
            onChange={() => onChange(option.id)}
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  )
}

export function AppearanceSection() {
  const theme = useUiStore((state) => state.theme)
  const textSize = useUiStore((state) => state.textSize)
  const currencySymbol = useUiStore((state) => state.currencySymbol)
  const setTheme = useUiStore((state) => state.setTheme)
  const setTextSize = useUiStore((state) => state.setTextSize)
  const setCurrencySymbol = useUiStore((state) => state.setCurrencySymbol)
  return (
    <section aria-labelledby="appearance-heading">
      <h2 id="appearance-heading">Appearance</h2>
      <div className="panel appearance">
        <Choice legend="Colours" name="theme" options={THEMES} value={theme} onChange={setTheme} />
        <Choice<TextSize>
          legend="Text size"
          name="text-size"
          options={TEXT_SIZES.map((size) => ({ id: size, label: `${size} %` }))}
          value={textSize}
          onChange={setTextSize}
        />
        <div className="field">
          <label htmlFor="currency-symbol">Currency symbol</label>
          <select
            id="currency-symbol"
            value={currencySymbol}
            onChange={(change) => {
              const chosen = CURRENCY_SYMBOLS.find((symbol) => symbol === change.target.value)
              if (chosen !== undefined) setCurrencySymbol(chosen)
            }}
          >
            {CURRENCY_SYMBOLS.map((symbol) => (
              <option key={symbol} value={symbol}>
                {symbol === '' ? 'None (just the number)' : symbol}
              </option>
            ))}
          </select>
        </div>
      </div>
    </section>
  )
}
