import type { Permission, SessionInfo } from '../../../shared/contract'
import { can } from '../../data/session'

/**
 * The Settings screen's sections, each shown to whoever holds its own permission (a cashier
 * trusted with the store's limits need not see the printer). SettingsScreen.tsx maps each id to
 * its component; the registry shows Settings to anyone who may see one section.
 */
export const settingsSections = [
  { id: 'printer', title: 'Receipt printer', permission: 'printer.configure' },
  { id: 'limits', title: 'Store limits', permission: 'settings.manage' },
  { id: 'cash', title: 'Cash office', permission: 'settings.manage' },
  { id: 'sync', title: 'Central sync', permission: 'sync.configure' },
  { id: 'audit', title: 'Audit log', permission: 'audit.verify' },
  { id: 'diagnostics', title: 'Diagnostics', permission: 'diagnostics.export' },
] as const satisfies readonly { id: string; title: string; permission: Permission }[]

export type SettingsSectionId = (typeof settingsSections)[number]['id']

export const visibleSections = (session: SessionInfo | null) =>
  settingsSections.filter((s) => can(session, s.permission))
