/**
 * The week's settlement in one line, the way round it is: what the lottery collects, or (more prizes and
 * commissions than sales) what it owes the store. Never "collects -$497.70". A week still running says so:
 * its figure is the days so far, not what will be settled.
 */
export function settlementLine(due: number, money: (minor: number) => string, soFar = false): string {
  const line = due >= 0 ? `The lottery collects ${money(due)}` : `The lottery owes the store ${money(-due)}`
  return soFar ? `${line} so far (the week is not over)` : line
}
