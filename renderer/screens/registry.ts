import { lazy, type ComponentType, type LazyExoticComponent } from 'react'
import type { Permission, SessionInfo } from '../../shared/contract'
import type { CommandName } from '../actions'
import { settingsSections } from '../backoffice/settings/sections'
import { can } from '../data/session'

/**
 * Every screen a logged-in user can navigate to, in menu order. Navigation (the top bar, the
 * back-office menu, the sale screen's keys) is drawn from this list, so adding a screen is one
 * entry here plus its folder. Login, lock and recovery are not here: they are gates, not places.
 */

export type Area = 'counter' | 'back-office'

export interface ScreenDef {
  id: string
  title: string
  area: Area
  /** Needed to see the screen; a list means any one of them; null: anyone logged in. */
  permission: Permission | readonly Permission[] | null
  /** Loads the screen's code; `component` renders it once loaded. */
  load: () => Promise<{ default: ComponentType }>
  component: LazyExoticComponent<ComponentType>
  /** The sale screen's command that opens it; its key is `keyLabels[opensWith]` (actions.ts). */
  opensWith?: CommandName
}

function screen<const D extends Omit<ScreenDef, 'component'>>(def: D): D & Pick<ScreenDef, 'component'> {
  return { ...def, component: lazy(def.load) }
}

export const screens = [
  screen({
    id: 'sale',
    title: 'Sale',
    area: 'counter',
    // Who may not sell (an accountant) starts where they work instead: resolveScreen.
    permission: 'sale.create',
    load: () => import('./sale/SaleScreen').then((m) => ({ default: m.SaleScreen })),
  }),
  screen({
    id: 'validate',
    title: 'Check ticket',
    area: 'counter',
    permission: 'ticket.validate',
    opensWith: 'validate',
    load: () => import('./validate/ValidateScreen').then((m) => ({ default: m.ValidateScreen })),
  }),
  screen({
    id: 'results',
    title: 'Results',
    area: 'counter',
    permission: null,
    opensWith: 'results',
    load: () => import('./results/ResultsScreen').then((m) => ({ default: m.ResultsScreen })),
  }),
  // The back office. Stock, reports, budgets, users and fleet each add one entry.
  screen({
    id: 'cash-office',
    title: 'Cash office',
    area: 'back-office',
    permission: ['shift.close', 'report.shift'],
    load: () => import('../backoffice/cashoffice/CashOfficeScreen').then((m) => ({ default: m.CashOfficeScreen })),
  }),
  screen({
    id: 'end-of-day',
    title: 'End of day',
    area: 'back-office',
    permission: 'report.day',
    load: () => import('../backoffice/endofday/EndOfDayScreen').then((m) => ({ default: m.EndOfDayScreen })),
  }),
  screen({
    id: 'settlement',
    title: 'Lottery week',
    area: 'back-office',
    permission: 'report.day',
    load: () => import('../backoffice/settlement/SettlementScreen').then((m) => ({ default: m.SettlementScreen })),
  }),
  screen({
    id: 'stock',
    title: 'Stock',
    area: 'back-office',
    permission: 'stock.manage',
    load: () => import('../backoffice/stock/StockScreen').then((m) => ({ default: m.StockScreen })),
  }),
  screen({
    id: 'packs',
    title: 'Instant packs',
    area: 'back-office',
    permission: 'pack.receive',
    load: () => import('../backoffice/stock/Packs').then((m) => ({ default: m.PacksScreen })),
  }),
  screen({
    id: 'products',
    title: 'Products',
    area: 'back-office',
    permission: 'product.manage',
    load: () => import('../backoffice/products/ProductsScreen').then((m) => ({ default: m.ProductsScreen })),
  }),
  screen({
    id: 'reports',
    title: 'Reports',
    area: 'back-office',
    // Anyone: a cashier sees their own figures; view_reports (or a manager's role) the store's.
    permission: null,
    load: () => import('../backoffice/reports/ReportsScreen').then((m) => ({ default: m.ReportsScreen })),
  }),
  screen({
    id: 'budgets',
    title: 'Budgets',
    area: 'back-office',
    permission: 'create_budget',
    load: () => import('../backoffice/budgets/BudgetsScreen').then((m) => ({ default: m.BudgetsScreen })),
  }),
  screen({
    id: 'users',
    title: 'Users',
    area: 'back-office',
    permission: 'user.manage',
    load: () => import('../backoffice/users/UsersScreen').then((m) => ({ default: m.UsersScreen })),
  }),
  screen({
    id: 'settings',
    title: 'Settings',
    area: 'back-office',
    permission: settingsSections.map((s) => s.permission),
    load: () => import('../backoffice/settings/SettingsScreen').then((m) => ({ default: m.SettingsScreen })),
  }),
] as const

export type ScreenId = (typeof screens)[number]['id']
export type Screen = (typeof screens)[number]

export function mayOpen(def: Pick<ScreenDef, 'permission'>, session: SessionInfo | null): boolean {
  if (!session) return false
  const { permission } = def
  if (permission === null) return true
  if (typeof permission === 'string') return can(session, permission)
  return permission.some((p) => can(session, p))
}

/** The screens of an area this user may open, in menu order. */
export const visibleScreens = (session: SessionInfo | null, area: Area): Screen[] =>
  screens.filter((s) => s.area === area && mayOpen(s, session))

export const screenById = (id: ScreenId): Screen => screens.find((s) => s.id === id) ?? screens[0]

/** Where F9 and the back-office button lead: the first back-office screen this user may use, if any. */
export const backOfficeEntry = (session: SessionInfo | null): Screen | undefined =>
  visibleScreens(session, 'back-office')[0]

/**
 * The screen to show for the chosen id; when this user may not see it, their home: the sale screen for whoever
 * sells, else the first back-office screen they may use (an accountant's reports).
 */
export function resolveScreen(id: ScreenId, session: SessionInfo | null): Screen {
  const def = screenById(id)
  if (mayOpen(def, session)) return def
  return [screens[0], backOfficeEntry(session), ...screens].find((s) => s && mayOpen(s, session)) ?? screens[0]
}
