/**
 * The week's settlement in one line, the way round it is: what the lottery collects, or (more prizes and
 * commissions than sales) what it owes the store. Never "collects -$497.70".
 */
export function settlementLine(due: number, money: (minor: number) => string): string {
  return due >= 0 ? `The lottery collects ${money(due)}` : `The lottery owes the store ${money(-due)}`
}
