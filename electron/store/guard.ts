import fs from 'node:fs'
import path from 'node:path'

/**
 * Why the terminal will not open its database as it is. Each stops selling and
 * leads to the recovery screen; none is ever "fixed" by starting afresh.
 */
export type ProblemKind = 'missing' | 'empty' | 'orphan_wal' | 'corrupt' | 'foreign' | 'in_use' | 'config'

export class StoreProblem extends Error {
  constructor(
    readonly kind: ProblemKind,
    message: string,
  ) {
    super(message)
    this.name = 'StoreProblem'
  }
}

export interface DataLock {
  /** A lock left by a process that died: the last shutdown was not clean. */
  unclean: boolean
  release(): void
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * One process per data folder (the Electron app also takes its single-instance
 * lock; the web host honours this file). Two processes on one folder each cache
 * settings and race the wrong-PIN counter, so the second is refused. A lock
 * whose process is gone is taken over, and says the last shutdown was unclean.
 */
export function acquireDataLock(dataDir: string): DataLock {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  // The database, its backups and the keys are this account's alone (a saved central password sits in the
  // database, only base64 where no OS keystore seals it): nobody else on the computer reads the folder.
  // A folder IT set up for the account (owned by another) keeps IT's modes: never a reason not to start.
  if (process.platform !== 'win32')
    try {
      fs.chmodSync(dataDir, 0o700)
    } catch {
      // not ours to change
    }
  const file = path.join(dataDir, 'pos.lock')
  // The lock's content is written to a file of our own first and then linked into place: link either
  // creates pos.lock complete or fails, so no process ever sees a half-written lock.
  const mine = path.join(dataDir, `.pos.lock.${process.pid}.${Date.now()}`)
  fs.writeFileSync(mine, JSON.stringify({ pid: process.pid, started_at: new Date().toISOString() }), { mode: 0o644 })
  let unclean = false
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        fs.linkSync(mine, file)
        const ino = fs.statSync(file).ino
        let released = false
        return {
          unclean,
          release() {
            if (released) return
            released = true
            try {
              // Only our own lock: never one another process took over after us.
              if (fs.statSync(file).ino === ino) fs.unlinkSync(file)
            } catch {
              // Already gone: nothing to release.
            }
          },
        }
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      }
      let holder: { pid?: number } = {}
      let ino: number
      try {
        const st = fs.statSync(file)
        ino = st.ino
        try {
          holder = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: number }
        } catch {
          // Unreadable (a disk fault, or a torn lock from an older version): stale once it is not brand new.
          if (Date.now() - st.mtimeMs < 30_000) continue
        }
      } catch {
        continue
      }
      if (typeof holder.pid === 'number' && alive(holder.pid)) {
        throw new StoreProblem(
          'in_use',
          `This terminal's data folder is already in use by another copy of the app (process ${holder.pid}). Close it first; only one may run at a time.`,
        )
      }
      // Its process is gone (a crash or power cut): take it over, unless another process did meanwhile.
      unclean = true
      try {
        if (fs.statSync(file).ino === ino) fs.unlinkSync(file)
      } catch {
        // Someone else removed it first; try again.
      }
    }
    throw new StoreProblem('in_use', 'Could not take the lock on the data folder.')
  } finally {
    fs.rmSync(mine, { force: true })
  }
}

const sizeOf = (file: string): number | null => {
  try {
    return fs.statSync(file).size
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}

/**
 * Before SQLite touches the file: a missing or empty database is only a new
 * terminal when no terminal ever lived here. A WAL without its database belongs
 * to a database that is gone; opening would let SQLite delete it, so it is left
 * exactly as it is.
 */
export function preflight(dbFile: string, hasIdentity: boolean): void {
  const size = sizeOf(dbFile)
  const wal = sizeOf(`${dbFile}-wal`)
  if ((size === null || size === 0) && wal !== null && wal > 0) {
    throw new StoreProblem(
      'orphan_wal',
      `The database file is ${size === null ? 'missing' : 'empty'} but its write-ahead log (${path.basename(dbFile)}-wal) is still there. Nothing was touched. Restore the latest backup, or call IT before anything else.`,
    )
  }
  if (hasIdentity && size === null)
    throw new StoreProblem(
      'missing',
      'A terminal has sold from this folder before (its identity, keys or backups are here), but its database file is missing. It will not start over as a new terminal: restore the latest backup, or call IT.',
    )
  if (hasIdentity && size === 0)
    throw new StoreProblem(
      'empty',
      'This terminal has sold before, but its database file is empty. It will not start over as a new terminal: restore the latest backup, or call IT.',
    )
}

/**
 * A terminal lived in this folder if anything it leaves behind is here: its identity file, its keys or its
 * backups. Deleting the database and the identity file must not be enough to start a new terminal.
 */
export function terminalLivedHere(dataDir: string): boolean {
  const has = (p: string) => fs.existsSync(path.join(dataDir, p))
  if (has('terminal-identity.json') || has(path.join('keys', 'audit.key'))) return true
  const backups = path.join(dataDir, 'backups')
  return fs.existsSync(backups) && fs.readdirSync(backups).some((f) => f.endsWith('.sqlite'))
}

/** Moves a damaged database (and its WAL and shared memory) aside, never deleting it. */
export function setAside(dbFile: string, now: Date): string {
  const dir = path.join(path.dirname(dbFile), 'damaged', now.toISOString().replace(/[:.]/g, '-'))
  fs.mkdirSync(dir, { recursive: true })
  for (const suffix of ['', '-wal', '-shm']) {
    const f = dbFile + suffix
    if (fs.existsSync(f)) fs.renameSync(f, path.join(dir, path.basename(f)))
  }
  return dir
}
