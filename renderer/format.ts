/** Display helpers; amounts stay integer minor units and are only turned into text here. */

export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  } catch {
    return 2
  }
}

/**
 * Reads a typed amount ("12", "12.5", "1,250.00") as minor units by string arithmetic, so 0.1 + 0.2
 * style errors never reach a threshold. Returns null for anything that is not a plain amount. A comma or a
 * space groups thousands only: "5,00" (a decimal comma) or "1,2,3" is refused, never read as 500 or 123.
 */
export function parseMoney(text: string, currency = 'USD'): number | null {
  const digits = currencyDigits(currency)
  const trimmed = text.trim()
  // A minus before or after the currency sign ("-50", "-$50", "$-50") makes the amount negative: it is never
  // dropped with the sign, so a negative limit is refused rather than saved as a positive one.
  const prefix = /^[^\d.]*/.exec(trimmed)![0]
  // Only a currency sign and a minus may come before the digits: "x7" is not $7.00.
  if (!/^[-+]?\s*\p{Sc}?\s*[-+]?\s*$/u.test(prefix)) return null
  const negative = prefix.includes('-')
  let cleaned = trimmed.slice(prefix.length)
  if (/[,\s]/.test(cleaned)) {
    // One separator, in groups of three from the first: 1,250 and 12 345 678.90.
    if (!/^\d{1,3}(?:([,\s])\d{3})(?:\1\d{3})*(?:\.\d*)?$/.test(cleaned)) return null
    cleaned = cleaned.replace(/[,\s]/g, '')
  }
  const m = /^(\d*)(?:\.(\d*))?$/.exec(cleaned)
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return null
  const fraction = m[2] ?? ''
  if (fraction.length > digits) return null
  const minor = Number((m[1] || '0') + fraction.padEnd(digits, '0'))
  if (!Number.isSafeInteger(minor)) return null
  return negative && minor !== 0 ? -minor : minor
}

/** Minor units as an editable amount without a currency sign: 5000 -> "50.00". */
export function minorToInput(minor: number, currency = 'USD'): string {
  const digits = currencyDigits(currency)
  if (digits === 0) return String(minor)
  const s = String(Math.abs(minor)).padStart(digits + 1, '0')
  return `${minor < 0 ? '-' : ''}${s.slice(0, -digits)}.${s.slice(-digits)}`
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string | undefined, withTime: boolean): Intl.DateTimeFormat {
  const key = `${timeZone ?? ''}|${withTime}`
  let f = dateTimeFormats.get(key)
  if (!f) {
    const options: Intl.DateTimeFormatOptions = {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: false } : { year: 'numeric' }),
    }
    try {
      f = new Intl.DateTimeFormat(undefined, { ...options, timeZone })
    } catch {
      // An unknown zone in the store record must not blank the screen; the terminal's clock is close enough.
      f = new Intl.DateTimeFormat(undefined, options)
    }
    dateTimeFormats.set(key, f)
  }
  return f
}

/** Draw times in the store's own zone: the counter and the printed ticket must agree. */
export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '-'
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : formatter(timeZone, true).format(d)
}

export function formatDate(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '-'
  // A bare date (2025-03-14) is a calendar day, not midnight UTC: show it as written.
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return formatter('UTC', false).format(new Date(`${iso}T12:00:00Z`))
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : formatter(timeZone, true).format(d)
}
