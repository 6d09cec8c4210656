import type { ComponentType } from 'react'
import { useSessionInfo } from '../../data/backend'
import { AuditSection } from './AuditSection'
import { CashSection } from './CashSection'
import { DiagnosticsSection } from './DiagnosticsSection'
import { LimitsSection } from './LimitsSection'
import { PrinterSection } from './PrinterSection'
import { visibleSections, type SettingsSectionId } from './sections'
import { SyncSection } from './SyncSection'
import styles from './settings.module.css'

const sectionComponents: Record<SettingsSectionId, ComponentType<{ title: string }>> = {
  printer: PrinterSection,
  limits: LimitsSection,
  cash: CashSection,
  sync: SyncSection,
  audit: AuditSection,
  diagnostics: DiagnosticsSection,
}

/** The terminal's settings, each section shown to whoever holds its own permission (sections.ts). */
export function SettingsScreen() {
  const session = useSessionInfo()
  return (
    <div data-testid="settings-screen">
      <h1>Settings</h1>
      <div className={styles.sections}>
        {visibleSections(session).map(({ id, title }) => {
          const Section = sectionComponents[id]
          return <Section key={id} title={title} />
        })}
      </div>
    </div>
  )
}
