/**
 * Money is always an integer count of minor units (cents). Nothing here does
 * floating-point arithmetic on an amount; formatting is left to Intl.
 */
export type Minor = number

export function assertMinor(amount: number): Minor {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`not an integer amount of minor units: ${amount}`)
  return amount
}

/** Tax on a tax-exclusive amount, basis points, rounded half up (integers only). */
export function taxOf(amount: Minor, rateBps: number): Minor {
  assertMinor(amount)
  if (!Number.isInteger(rateBps) || rateBps < 0) throw new RangeError(`bad tax rate: ${rateBps}`)
  return Math.floor((amount * rateBps + 5000) / 10000)
}

export interface LineTotal {
  price: Minor
  tax: Minor
  total_amount: Minor
}

export interface CartTotals {
  lines: LineTotal[]
  price: Minor
  tax: Minor
  total_amount: Minor
}

/**
 * Totals for a cart: tax is computed per line (each line becomes one sale
 * record with its own tax), so the cart's tax is the sum of the lines' taxes
 * and a central report summing sales matches the receipt to the cent.
 */
export function cartTotals(lines: { unitPrice: Minor; quantity: number }[], rateBps: number): CartTotals {
  const out = lines.map(({ unitPrice, quantity }) => {
    const price = assertMinor(unitPrice * quantity)
    const tax = taxOf(price, rateBps)
    return { price, tax, total_amount: price + tax }
  })
  return {
    lines: out,
    price: out.reduce((s, l) => s + l.price, 0),
    tax: out.reduce((s, l) => s + l.tax, 0),
    total_amount: out.reduce((s, l) => s + l.total_amount, 0),
  }
}

// Each formatter with its currency's minor-unit divisor, asked once (resolvedOptions builds a new object per call).
const formatters = new Map<string, { format: Intl.NumberFormat; unit: number }>()

export function formatMoney(amount: Minor, currency = 'USD', locale = 'en-US'): string {
  const key = `${locale}|${currency}`
  let f = formatters.get(key)
  if (!f) {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency })
    f = { format, unit: 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2) }
    formatters.set(key, f)
  }
  return f.format.format(amount / f.unit)
}

/** Plain "12.34" from minor units with integer arithmetic, for logs and audit text (no Intl cost). */
export function minorToDecimal(amount: Minor, digits = 2): string {
  assertMinor(amount)
  const sign = amount < 0 ? '-' : ''
  const abs = Math.abs(amount)
  if (digits === 0) return `${sign}${abs}`
  const unit = 10 ** digits
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(digits, '0')}`
}
