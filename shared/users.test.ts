import { describe, expect, it } from 'vitest'
import { RolePermissions, type Permission, type Role } from './contract'
import { grantProblem, manageProblem, permissionsFor, type Actor } from './users'

const manager: Actor = { userId: 'm', role: 'manager', permissions: RolePermissions.manager }
const admin: Actor = { userId: 'a', role: 'admin', permissions: RolePermissions.admin }
const as = (role: Role, extra: Permission[] = []) => ({ role, permissions: [...RolePermissions[role], ...extra] })
const deputy: Actor = { userId: 'd', role: 'staff', permissions: [...RolePermissions.staff, 'user.manage'] }

describe('who may manage whom', () => {
  it('lets only an admin touch or make a manager or admin', () => {
    expect(manageProblem(manager, as('staff'))).toBeNull()
    expect(manageProblem(manager, as('accountant'))).toBeNull()
    expect(manageProblem(manager, as('manager'))).toMatch(/Only an admin/)
    expect(manageProblem(manager, as('admin'))).toMatch(/Only an admin/)
    expect(manageProblem(admin, as('admin'))).toBeNull()
    expect(grantProblem(manager, 'manager', [])).toMatch(/Only an admin/)
    expect(grantProblem(admin, 'manager', [])).toBeNull()
  })

  it('never lets anyone touch a user who holds what they do not (a reset would hand them that user)', () => {
    expect(manageProblem(deputy, as('staff'))).toBeNull()
    expect(manageProblem(deputy, as('accountant'))).toMatch(/view_reports/)
    expect(manageProblem(deputy, as('staff', ['report.day']))).toMatch(/report.day/)
    expect(manageProblem(manager, as('staff', ['report.day']))).toBeNull()
  })

  it('never lets anyone grant what they do not hold, nor a permission that does not exist', () => {
    expect(grantProblem(deputy, 'staff', [])).toBeNull()
    expect(grantProblem(deputy, 'staff', ['report.day'])).toMatch(/do not hold yourself: report.day/)
    expect(grantProblem(deputy, 'accountant', [])).toMatch(/view_reports/)
    expect(grantProblem(manager, 'staff', ['nope'])).toMatch(/no permission "nope"/)
    // What the user already had stays theirs when someone with less edits them.
    expect(grantProblem(deputy, 'staff', ['report.day'], ['report.day'])).toBeNull()
  })

  it('adds the extra permissions to the role’s defaults', () => {
    expect(permissionsFor('accountant', ['report.day'])).toEqual([...RolePermissions.accountant, 'report.day'])
    expect(permissionsFor('accountant', ['bogus'])).toEqual([...RolePermissions.accountant])
  })
})
