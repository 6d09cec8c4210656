import { describe, expect, it } from 'vitest'
import { RolePermissions } from './contract'
import { grantProblem, manageProblem, permissionsFor, type Actor } from './users'

const manager: Actor = { userId: 'm', role: 'manager', permissions: RolePermissions.manager }
const admin: Actor = { userId: 'a', role: 'admin', permissions: RolePermissions.admin }
const deputy: Actor = { userId: 'd', role: 'staff', permissions: [...RolePermissions.staff, 'user.manage'] }

describe('who may manage whom', () => {
  it('lets only an admin touch or make a manager or admin', () => {
    expect(manageProblem(manager, 'staff')).toBeNull()
    expect(manageProblem(manager, 'accountant')).toBeNull()
    expect(manageProblem(manager, 'manager')).toMatch(/Only an admin/)
    expect(manageProblem(manager, 'admin')).toMatch(/Only an admin/)
    expect(manageProblem(admin, 'admin')).toBeNull()
    expect(grantProblem(manager, 'manager', [])).toMatch(/Only an admin/)
    expect(grantProblem(admin, 'manager', [])).toBeNull()
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
