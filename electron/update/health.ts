import fs from 'node:fs'
import path from 'node:path'
import { startVerdict, type StartRecord, type StartVerdict } from './policy'

/**
 * The update's record in the data folder (updates/start.json) and the installers kept for a rollback
 * (updates/installers/<version><ext>, the last two). Plain Node: main.ts calls it around the start.
 */
const dirOf = (dataDir: string) => path.join(dataDir, 'updates')
const recordFile = (dataDir: string) => path.join(dirOf(dataDir), 'start.json')
const installersDir = (dataDir: string) => path.join(dirOf(dataDir), 'installers')

export function readStartRecord(dataDir: string): StartRecord | null {
  try {
    return JSON.parse(fs.readFileSync(recordFile(dataDir), 'utf8')) as StartRecord
  } catch {
    return null
  }
}

function write(dataDir: string, r: StartRecord): void {
  fs.mkdirSync(dirOf(dataDir), { recursive: true })
  const tmp = `${recordFile(dataDir)}.tmp`
  fs.writeFileSync(tmp, JSON.stringify(r, null, 2))
  fs.renameSync(tmp, recordFile(dataDir))
}

/** The kept installer of a version, or null. */
export function installerFor(dataDir: string, version: string): string | null {
  try {
    const f = fs.readdirSync(installersDir(dataDir)).find((n) => n.startsWith(`${version}.`) || n === version)
    return f ? path.join(installersDir(dataDir), f) : null
  } catch {
    return null
  }
}

/** A downloaded installer, kept so the version after it can be rolled back to it; the last two stay. */
export function keepInstaller(dataDir: string, version: string, file: string): string {
  const dir = installersDir(dataDir)
  fs.mkdirSync(dir, { recursive: true })
  const to = path.join(dir, `${version}${path.extname(file)}`)
  fs.copyFileSync(file, to)
  const kept = fs
    .readdirSync(dir)
    .map((n) => ({ n, t: fs.statSync(path.join(dir, n)).mtimeMs }))
    .sort((a, b) => b.t - a.t)
  for (const old of kept.slice(2)) fs.rmSync(path.join(dir, old.n), { force: true })
  return to
}

/**
 * Called first thing at every start: what to do (start, or roll back), then this start counted as failed
 * until markHealthy. A new version remembers the one it replaced and that version's kept installer.
 */
export function beginStart(dataDir: string, running: string): StartVerdict {
  const before = readStartRecord(dataDir)
  const record: StartRecord =
    before && before.version === running
      ? before
      : {
          version: running,
          failedStarts: 0,
          healthy: false,
          previous: before ? { version: before.version, installer: installerFor(dataDir, before.version) } : null,
        }
  const verdict = startVerdict(record, running)
  // Every start is recorded: a rollback once (a failed installer then starts this version, stuck, not a loop).
  write(dataDir, {
    ...record,
    healthy: false,
    failedStarts: record.failedStarts + 1,
    rollbackTried: record.rollbackTried || verdict.kind === 'rollback',
  })
  return verdict
}

/** The app came up (its window loaded, whatever it shows: the till, a recovery or a terminal-file report). */
export function markHealthy(dataDir: string, running: string): void {
  const r = readStartRecord(dataDir)
  if (r && r.version === running) write(dataDir, { ...r, healthy: true, failedStarts: 0, rollbackTried: false })
}
