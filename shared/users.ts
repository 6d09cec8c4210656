import { Permissions, RolePermissions, type Permission, type Role } from './contract'

/**
 * Who may do what to whom (docs/decisions.md, user administration), one place for the backend, which refuses,
 * and the Users screen, which offers only what will be accepted:
 * - only an admin creates, edits, deactivates or resets the PIN of a manager or an admin, or makes someone one;
 * - nobody grants a permission they do not hold themselves (the role's defaults and the extra ones alike), nor
 *   touches a user who holds one they do not;
 * - nobody deactivates themselves; the last active admin is never deactivated nor given another role.
 */
export interface Actor {
  userId: string
  role: Role
  permissions: readonly Permission[]
}

/** A manager or an admin: who approves at the counter, signs off a count and restores a backup. */
export const isManagerRole = (role: Role) => role === 'admin' || role === 'manager'
const senior = isManagerRole

export const isPermission = (p: string): p is Permission => (Permissions as readonly string[]).includes(p)

/**
 * Why this actor may not touch this user (null: they may): a manager or admin needs an admin, and nobody edits,
 * deactivates or resets the PIN of someone who holds what they do not (a reset's one-time PIN would be theirs).
 */
export function manageProblem(actor: Actor, target: { role: Role; permissions: readonly string[] }): string | null {
  if (senior(target.role) && actor.role !== 'admin') return `Only an admin can change a ${target.role}.`
  const beyond = target.permissions.filter((p) => isPermission(p) && !actor.permissions.includes(p))
  if (beyond.length) return `Only someone who holds all they hold can change this user (${beyond.join(', ')}).`
  return null
}

/** Why this actor may not give a user this role and these extra permissions, `had` being what they had. */
export function grantProblem(
  actor: Actor,
  role: Role,
  extra: readonly string[],
  had: readonly Permission[] = [],
): string | null {
  const unknown = extra.filter((p) => !isPermission(p))
  if (unknown.length) return `There is no permission ${unknown.map((p) => `"${p}"`).join(', ')}.`
  if (senior(role) && actor.role !== 'admin') return `Only an admin can make someone a ${role}.`
  const given = new Set<Permission>([...RolePermissions[role], ...(extra as Permission[])])
  const held = new Set(actor.permissions)
  const beyond = [...given].filter((p) => !held.has(p) && !had.includes(p))
  if (beyond.length) return `You cannot grant what you do not hold yourself: ${beyond.join(', ')}.`
  return null
}

/** Every permission a role and its extras give (the role's defaults first). */
export function permissionsFor(role: Role, extra: readonly string[]): Permission[] {
  return [...new Set([...RolePermissions[role], ...extra.filter(isPermission)])]
}
