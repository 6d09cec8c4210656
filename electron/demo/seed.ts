import { hashPin, localVerifier } from '../auth/pin'
import type { Deps } from '../core/deps'
import { inTransaction } from '../store/db'

/** Demo PINs, listed in the README. Never used when a terminal config provisions real users. */
export const DEMO_USERS = [
  { name: 'Maria Manager', username: 'maria', role: 'manager', pin: '2580' },
  { name: 'Carlos Cashier', username: 'carlos', role: 'staff', pin: '1111' },
  { name: 'Chloe Cashier', username: 'chloe', role: 'staff', pin: '2222' },
  // The store's admin (manages managers) and its accountant (reports and budgets, never a sale).
  { name: 'Alex Admin', username: 'alex', role: 'admin', pin: '135790' },
  { name: 'Ana Accountant', username: 'ana', role: 'accountant', pin: '4826' },
] as const

const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7]

/** Four games with different schedules, prices and rules; prize amounts in minor units. */
export const DEMO_GAMES = [
  {
    code: 'PICK3',
    name: 'Daily Pick 3',
    ticket_price: 100,
    draw_days: ALL_WEEK,
    draw_time: '13:00',
    sales_cutoff_minutes: 5,
    pick_count: 3,
    pick_min: 1,
    pick_max: 30,
    cancellable: 1,
    cancel_window_minutes: 10,
    max_tickets_per_sale: 50,
    hotkey: 'F1',
    prize_structure: [
      { prize_level: 'Match 3', matches: 3, amount: 50_000 },
      { prize_level: 'Match 2', matches: 2, amount: 500 },
    ],
    stock: { total: 1000, remaining: 1000, threshold: 100 },
  },
  {
    code: 'LOTTO',
    name: 'Lotto 6/49',
    ticket_price: 300,
    draw_days: [3, 6],
    draw_time: '20:00',
    sales_cutoff_minutes: 60,
    pick_count: 6,
    pick_min: 1,
    pick_max: 49,
    cancellable: 0,
    cancel_window_minutes: 0,
    max_tickets_per_sale: 20,
    hotkey: 'F2',
    prize_structure: [
      { prize_level: 'Jackpot', matches: 6, amount: 100_000_000 },
      { prize_level: 'Match 5', matches: 5, amount: 250_000 },
      { prize_level: 'Match 4', matches: 4, amount: 5_000 },
      { prize_level: 'Match 3', matches: 3, amount: 1_000 },
    ],
    stock: { total: 500, remaining: 500, threshold: 50 },
  },
  {
    code: 'MEGA',
    name: 'Mega Jackpot',
    ticket_price: 500,
    draw_days: [2, 5],
    draw_time: '21:00',
    sales_cutoff_minutes: 30,
    pick_count: 5,
    pick_min: 1,
    pick_max: 70,
    cancellable: 0,
    cancel_window_minutes: 0,
    max_tickets_per_sale: 10,
    hotkey: 'F3',
    prize_structure: [
      { prize_level: 'Jackpot', matches: 5, amount: 500_000_000 },
      { prize_level: 'Match 4', matches: 4, amount: 50_000 },
      { prize_level: 'Match 3', matches: 3, amount: 1_000 },
    ],
    stock: { total: 300, remaining: 300, threshold: 30 },
  },
  {
    code: 'KENO',
    name: 'Keno Express',
    ticket_price: 200,
    draw_days: ALL_WEEK,
    draw_time: '22:00',
    sales_cutoff_minutes: 15,
    pick_count: 10,
    pick_min: 1,
    pick_max: 80,
    cancellable: 1,
    cancel_window_minutes: 15,
    max_tickets_per_sale: 25,
    hotkey: 'F4',
    prize_structure: [
      { prize_level: 'Match 10', matches: 10, amount: 10_000_000 },
      { prize_level: 'Match 8', matches: 8, amount: 100_000 },
      { prize_level: 'Match 6', matches: 6, amount: 2_000 },
      { prize_level: 'Match 5', matches: 5, amount: 500 },
    ],
    // Close to its reorder threshold, so a few sales raise the low-stock alert.
    stock: { total: 200, remaining: 55, threshold: 50 },
  },
]

export interface SeedResult {
  storeId: string
  users: Record<string, string>
  games: Record<string, string>
}

/**
 * First run with no provisioned config: one store, its users, four games and their stock. With the
 * terminal's PIN pepper the users get this terminal's peppered verifiers at once; without it, central's
 * form, which auth converts as the backend opens (preparePins). `catalogue: false` (a provisioned terminal):
 * the store row alone, under its number, until central's pull brings the store, its users and its games.
 */
export function seedDemo(
  deps: Deps,
  opts: { storeNumber?: number; storeId?: string; pinPepper?: Buffer; catalogue?: boolean } = {},
): SeedResult {
  const now = deps.clock().toISOString()
  const { db, newId } = deps
  // A provisioned terminal's store is central's, under central's id: the sync pulls by it.
  const storeId = opts.storeId ?? newId()
  const result: SeedResult = { storeId, users: {}, games: {} }
  const pepper = opts.pinPepper
  const verifier = (pin: string) => (pepper ? localVerifier(pin, pepper) : hashPin(pin))
  inTransaction(db, () => {
    db.prepare(
      `INSERT INTO stores (_id, name, store_number, location, contact_person, contact_phone, store_type, status, currency, timezone, tax_rate_bps, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'retail', 'active', 'USD', 'America/New_York', 500, ?, ?)`,
    ).run(
      storeId,
      opts.catalogue === false ? `Store ${opts.storeNumber ?? 1}` : 'Corner Lotto Demo Store',
      opts.storeNumber ?? 1,
      JSON.stringify({ address: '12 Main Street', city: 'Springfield', state: 'NY', zip: '10001', country: 'US' }),
      'Maria Manager',
      '+1 555 0100',
      now,
      now,
    )
    if (opts.catalogue === false) return
    const insertUser = db.prepare(
      `INSERT INTO users (_id, name, email, role, username, password_hash, store_id, status, permissions, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'active', '[]', ?, ?)`,
    )
    for (const u of DEMO_USERS) {
      const id = newId()
      result.users[u.username] = id
      insertUser.run(id, u.name, `${u.username}@demo.invalid`, u.role, u.username, verifier(u.pin), storeId, now, now)
    }
    const insertGame = db.prepare(
      `INSERT INTO lotteries (_id, name, code, draw_time, draw_days, sales_cutoff_minutes, prize_structure, ticket_price, status,
         cancellable, cancel_window_minutes, pick_count, pick_min, pick_max, max_tickets_per_sale, hotkey, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const insertStock = db.prepare(
      `INSERT INTO inventory (_id, store_id, lottery_id, batch_number, total_stock, remaining_stock, reorder_threshold, restock_flag, last_restocked, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
    )
    for (const g of DEMO_GAMES) {
      const id = newId()
      result.games[g.code] = id
      insertGame.run(
        id,
        g.name,
        g.code,
        g.draw_time,
        JSON.stringify(g.draw_days),
        g.sales_cutoff_minutes,
        JSON.stringify(g.prize_structure),
        g.ticket_price,
        g.cancellable,
        g.cancel_window_minutes,
        g.pick_count,
        g.pick_min,
        g.pick_max,
        g.max_tickets_per_sale,
        g.hotkey,
        result.users.maria,
        now,
        now,
      )
      insertStock.run(
        newId(),
        storeId,
        id,
        `${g.code}-B001`,
        g.stock.total,
        g.stock.remaining,
        g.stock.threshold,
        now,
        now,
        now,
      )
    }
  })
  return result
}
