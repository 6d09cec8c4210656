import { useEffect } from 'react'
import { isTyping } from '../actions'
import { runCommand } from '../dispatch'
import { Banners } from '../components/Banners'
import { PrinterForm } from '../components/PrinterForm'
import { AuditCard, ThresholdForm } from '../components/StoreSettings'
import { SyncSettings } from '../components/SyncSettings'
import { TopBar } from '../components/TopBar'
import { can, useSession } from '../store'

export function SettingsScreen() {
  const session = useSession((s) => s.session)
  const setView = useSession((s) => s.setView)

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey) return
      if (e.key === 'F10') {
        e.preventDefault()
        runCommand('lock')
      } else if (e.key === 'Escape') {
        e.preventDefault()
        // First Escape leaves the field being edited, the next one leaves the screen.
        if (isTyping(e)) (e.target as HTMLElement).blur()
        else setView('sale')
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [setView])

  return (
    <div className="settings-screen" data-testid="settings-screen">
      <TopBar />
      <Banners />
      <div className="settings-body">
        <h1>Settings</h1>
        {can(session, 'printer.configure') && <PrinterForm />}
        <div className="settings-side">
          <SyncSettings />
          {can(session, 'settings.manage') && <ThresholdForm />}
          <AuditCard />
        </div>
      </div>
    </div>
  )
}
