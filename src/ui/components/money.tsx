/** An amount of money as the baker reads it, with the currency symbol from Settings › Appearance. */
import { formatMoney } from '../format'
import { useUiStore } from '../stores/ui-store'

export function Money({ amount }: { amount: string }) {
  const symbol = useUiStore((state) => state.currencySymbol)
  return <>{formatMoney(amount, symbol)}</>
}

/** The same as a function, for text built in code (labels, variance). */
export function useFormatMoney(): (amount: string) => string {
  const symbol = useUiStore((state) => state.currencySymbol)
  return (amount) => formatMoney(amount, symbol)
}
