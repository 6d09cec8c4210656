import { describe, expect, it } from 'vitest'
import { RolePermissions, type Permission, type SessionInfo } from '../../shared/contract'
import { settingsSections, visibleSections } from '../backoffice/settings/sections'
import { backOfficeEntry, resolveScreen, screens, visibleScreens } from './registry'

const as = (role: 'staff' | 'manager' | 'accountant', extra: Permission[] = []): SessionInfo => ({
  user: { _id: 'a'.repeat(24), name: role, role, username: role },
  permissions: [...RolePermissions[role], ...extra],
  locked: false,
  mustChangePin: false,
})
const ids = (list: { id: string }[]) => list.map((s) => s.id)

describe('the screen registry', () => {
  it('draws the counter as today: sale, check ticket, results', () => {
    expect(ids(visibleScreens(as('staff'), 'counter'))).toEqual(['sale', 'validate', 'results'])
    expect(new Set(ids([...screens])).size).toBe(screens.length)
  })

  it('shows a cashier only their own part of the back office (their shift, packs, their own figures), by menu, key or a stale choice', () => {
    const staff = as('staff')
    expect(visibleScreens(staff, 'back-office').map((s) => s.id)).toEqual(['cash-office', 'packs', 'reports'])
    expect(backOfficeEntry(staff)?.id).toBe('cash-office')
    expect(resolveScreen('settings', staff).id).toBe('sale')
    expect(resolveScreen('end-of-day', staff).id).toBe('sale')
    expect(resolveScreen('settlement', staff).id).toBe('sale')
  })

  it('shows Settings to someone with settings.manage but not printer.configure, with the limits and not the printer', () => {
    const trusted = as('staff', ['settings.manage'])
    expect(visibleScreens(trusted, 'back-office').map((s) => s.id)).toEqual([
      'cash-office',
      'packs',
      'reports',
      'settings',
    ])
    expect(visibleSections(trusted).map((s) => s.id)).toEqual(['limits', 'cash'])
  })

  it('gives each settings section to whoever holds its own permission, and a manager all of them', () => {
    expect(visibleSections(as('staff', ['printer.configure'])).map((s) => s.id)).toEqual(['printer'])
    expect(visibleSections(as('staff', ['sync.configure', 'audit.verify'])).map((s) => s.id)).toEqual(['sync', 'audit'])
    expect(visibleSections(as('staff', ['diagnostics.export'])).map((s) => s.id)).toEqual(['diagnostics'])
    expect(visibleSections(as('staff')).map((s) => s.id)).toEqual([])
    expect(visibleSections(as('manager')).map((s) => s.id)).toEqual([
      'printer',
      'limits',
      'cash',
      'sync',
      'audit',
      'diagnostics',
    ])
  })

  it('opens Settings to exactly those who may see one of its sections', () => {
    const settings = screens.find((s) => s.id === 'settings')!
    expect([...settings.permission].sort()).toEqual(settingsSections.map((s) => s.permission).sort())
  })

  it('shows nothing to no one', () => {
    expect(visibleScreens(null, 'counter')).toEqual([])
  })

  it('sends whoever may not sell (an accountant) to their reports, never the sale screen', () => {
    const accountant = as('accountant')
    expect(ids(visibleScreens(accountant, 'counter'))).not.toContain('sale')
    expect(resolveScreen('sale', accountant).id).toBe('reports')
    expect(resolveScreen('budgets', accountant).id).toBe('budgets')
    expect(resolveScreen('users', accountant).id).toBe('reports')
    expect(resolveScreen('users', as('manager')).id).toBe('users')
  })
})
