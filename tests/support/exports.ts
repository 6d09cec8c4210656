import fs from 'node:fs'
import { Writable } from 'node:stream'
import type { ReportProgress } from '../../shared/contract'
import type { EventBus } from '../../electron/core/events'

/** Every 'report-progress' event a backend pushes, and a wait for one (the first page written, or the end). */
export function progress(t: { events: EventBus }) {
  const seen: ReportProgress[] = []
  const waiting: (() => void)[] = []
  t.events.subscribe((event, p) => {
    if (event !== 'report-progress') return
    seen.push(p as ReportProgress)
    for (const w of waiting.splice(0)) w()
  })
  const when = (test: (p: ReportProgress) => boolean) =>
    new Promise<ReportProgress>((resolve) => {
      const check = () => {
        const hit = seen.find(test)
        if (hit) resolve(hit)
        else waiting.push(check)
      }
      check()
    })
  return {
    seen,
    end: (id: string) => when((p) => p.report_id === id && p.status !== 'running'),
    running: (id: string) => when((p) => p.report_id === id && p.status === 'running'),
  }
}

/**
 * A disk that is slow today: an export's file (the backend's openReportFile) whose every write waits until
 * `release()`, so a test sees an export running, deterministically, and can cancel or queue behind it.
 */
export function slowDisk() {
  let release = () => {}
  const gate = new Promise<void>((r) => (release = r))
  const openReportFile = (tmp: string) => {
    const file = fs.createWriteStream(tmp, { flags: 'wx' })
    return new Writable({
      write: (chunk, _enc, cb) => void file.write(chunk, (err) => (err ? cb(err) : void gate.then(() => cb()))),
      final: (cb) => file.end(cb),
      destroy: (err, cb) => {
        file.destroy()
        cb(err)
      },
    })
  }
  return { openReportFile, release: () => release() }
}
