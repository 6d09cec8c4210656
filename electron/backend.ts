import { productModule } from './product/module'
import { reportModule } from './report/module'
import { budgetModule } from './budget/module'
import { inventoryModule } from './inventory/module'
import { notifyModule } from './notify/module'
import { shiftModule } from './shift/module'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pkg from '../package.json'
import type { PrinterConfig } from '../shared/contract'
import { audited } from './audit/audited'
import { sealChain, useAuditKey } from './audit/chain'
import { hasKeyedEntries } from './audit/repo'
import { getUser, permissionsOf } from './auth/repo'
import type { Ctx, StoreRow } from './core/context'
import { cryptoRandomInt, objectIdHex, systemClock, systemMonotonic, type Deps } from './core/deps'
import { Dispatcher } from './core/dispatcher'
import { SessionStore } from './auth/sessions'
import { EventBus } from './core/events'
import { centralConnection, connectionFromSettings, unencryptedBox, type SecretBox } from './sync/credentials'
import { SyncEngine } from './sync/engine'
import type { HostFigures } from './sync/heartbeat'
import type { SyncWiring } from './sync/status'
import { storeViewReader } from './sync/provision'
import { seedDemoHistory } from './demo/history'
import { seedDemo } from './demo/seed'
import { defaultConfigPath, defaultDeviceId, readTerminalConfig, type TerminalConfig } from './device/config'
import { openKeystore } from './device/keystore'
import { checkClock, CLOCK_TOLERANCE_MS } from './clock/trusted'
import { TerminalIdentity, readIdentity, writeIdentity, RESERVE_AHEAD, type Identity } from './device/identity'
import { acquireDataLock, StoreProblem, terminalLivedHere, type DataLock } from './store/guard'
import { openStore } from './store/open'
import type { BackupInfo } from './store/backup'
import {
  counterValues,
  raiseCounters,
  getSelfDevice,
  registerSelfDevice,
  touchSelfDevice,
  useCounterReservations,
  type SelfDevice,
} from './device/repo'
import { PrintService } from './printing/service'
import { currentStore, hasStore } from './catalog/repo'
import { settingsModule, statusOf } from './settings/module'
import { printerConfig, printingModule } from './printing/module'
import { authModule } from './auth/module'
import { saleModule } from './sale/module'
import { ticketModule } from './ticket/module'
import { claimModule } from './claim/module'
import { syncModule } from './sync/module'
import { auditModule } from './audit/module'
import { clockModule } from './clock/module'
import { recoveryModule } from './recovery/module'
import { combine, DomainBus } from './core/module'
import { openLog, type Logger } from './core/log'
import { diagnosticsModule } from './diagnostics/module'
import { backupService } from './store/backup-service'
import { maintenanceModule } from './maintenance/module'
import { inTransaction, openReader, type WriteDB } from './store/db'
import { printRefusal } from './ticket/print-rules'
import { resetInterruptedPrints, setPrintStatus, ticketPrintData } from './ticket/repo'

export interface BackendOptions {
  dataDir: string
  /** The data folder's lock, when the caller already holds it (the app host); otherwise taken here. */
  lock?: DataLock
  /** The event bus transports subscribe to; the app host keeps one across a restore. */
  events?: EventBus
  /** Every statement the writer runs (tests use it to see what a call costs). */
  onStatement?: (sql: string) => void
  /** Take a backup once a day in the background (default true). */
  dailyBackups?: boolean
  /** Terminal config file; null: none (demo). Default: the machine-wide location. */
  configPath?: string | null
  clock?: Deps['clock']
  monotonic?: Deps['monotonic']
  newId?: Deps['newId']
  randomInt?: Deps['randomInt']
  posVersion?: string
  /** On first run with demo data, also seed past draws and tickets to validate (default true). */
  demoHistory?: boolean
  /**
   * A new database gets the demo store's users (with their published PINs), games and stock. Default: only
   * when there is no terminal file. A provisioned terminal starts with its store and nothing else: its users,
   * games and stock come from central, never the demo's (tests of a terminal file pass true to sell at once).
   */
  demoData?: boolean
  /** Seals stored central credentials: Electron's safeStorage in the app; a flagged non-encrypting box elsewhere. */
  secretBox?: SecretBox
  /** Start the background sync loop when a central connection is configured (default true). */
  startSync?: boolean
  /** The terminal's log; default: files in the data folder's logs/, closed with the backend. */
  logger?: Logger
  /** Where exports go when no folder is picked, and the day close's report (default: reports/ in the data folder). */
  reportsDir?: string
  /** Opens an export's temporary file (tests: one that fails as a full disk does). */
  openReportFile?: (tmp: string) => import('node:stream').Writable
  /** Where the log's (redacted) lines are echoed: default the console; tests pass a no-op. */
  log?: (msg: string, err?: unknown) => void
}

export interface Backend {
  ctx: Ctx
  dispatcher: Dispatcher
  events: EventBus
  printer: PrintService
  sync: SyncEngine
  dbFile: string
  /** Takes the daily backup if the newest is a day old; what the background timer calls. */
  backupIfDue(): Promise<BackupInfo | null>
  close(): Promise<void>
}

/** What the fleet view needs that the database does not hold; a figure that cannot be read is null. */
function hostFigures(dbFile: string, posVersion: string, printerState: string): HostFigures {
  const size = (f: string) => {
    try {
      return fs.statSync(f).size
    } catch {
      return 0
    }
  }
  let free: number | null
  try {
    const st = fs.statfsSync(path.dirname(dbFile))
    free = st.bavail * st.bsize
  } catch {
    free = null
  }
  return {
    pos_version: posVersion,
    os: `${process.platform} ${os.release()}`,
    printer_state: printerState,
    free_disk_bytes: free,
    db_size_bytes: size(dbFile) + size(`${dbFile}-wal`),
  }
}

/**
 * Builds the whole backend on one SQLite file: first run seeds the demo data
 * (or the provisioned store number), registers this terminal, and wires every
 * domain's handlers into the one dispatcher both transports share.
 */
export function createBackend(opts: BackendOptions): Backend {
  const lock = opts.lock ?? acquireDataLock(opts.dataDir)
  const logger = opts.logger ?? openLog(opts.dataDir, { echo: opts.log })
  try {
    return build({ ...opts, logger }, lock, !opts.logger)
  } catch (err) {
    if (!opts.logger) void logger.close()
    if (!opts.lock) lock.release()
    throw err
  }
}

function build(opts: BackendOptions & { logger: Logger }, lock: DataLock, ownsLogger: boolean): Backend {
  const dbFile = path.join(opts.dataDir, 'pos.sqlite')
  const clock = opts.clock ?? systemClock
  // The terminal file first: one with problems stops here, before the database is opened (recovery/host.ts
  // shows its report).
  const configPath = opts.configPath === undefined ? defaultConfigPath() : opts.configPath
  const config: TerminalConfig | null = configPath ? readTerminalConfig(configPath, { dataDir: opts.dataDir }) : null
  const identity = readIdentity(opts.dataDir)
  const opened = openStore(dbFile, {
    // A terminal that lived here (its identity, keys or backups remain) never starts over on a lost database.
    hasIdentity: !!identity || terminalLivedHere(opts.dataDir),
    unclean: lock.unclean,
    now: clock(),
    dataDir: opts.dataDir,
    onStatement: opts.onStatement,
  })
  const db = opened.db
  const box = opts.secretBox ?? unencryptedBox
  const keys = openKeystore(opts.dataDir, box)
  // Before anything is written: every entry of a new terminal's chain is keyed.
  // A key file made anew while keyed entries already exist: recorded in the chain below (never silently).
  const auditKeyReplaced = !keys.has('audit') && hasKeyedEntries(db)
  useAuditKey(db, keys.get('audit'))
  const deps: Deps = {
    db,
    clock,
    monotonic: opts.monotonic ?? systemMonotonic,
    newId: opts.newId ?? objectIdHex,
    randomInt: opts.randomInt ?? cryptoRandomInt,
  }
  const logger = opts.logger
  const log = logger.error
  const posVersion = opts.posVersion ?? pkg.version
  const nowIso = deps.clock().toISOString()

  const seeded = hasStore(db)
    ? null
    : seedDemo(deps, {
        storeNumber: config?.store_number,
        storeId: config?.store_id,
        pinPepper: keys.get('pin-pepper'),
        catalogue: opts.demoData ?? !config,
      })
  const store = currentStore(db)
  if (config?.store_id && config.store_id !== store._id)
    log(
      `the terminal file names store ${config.store_id}, but this terminal's database holds store ${store._id} (number ${store.store_number}): ` +
        "its sync reads the database's store. A terminal that never sold can start over: move its data folder away. Otherwise call IT.",
    )
  if (!getSelfDevice(db)) {
    if (identity) {
      db.close()
      throw new StoreProblem(
        'foreign',
        "This database does not belong to this terminal (it has no terminal of its own). Restore this terminal's backup, or call IT.",
      )
    }
    const terminal = config?.terminal_number ?? 1
    inTransaction(db, () =>
      registerSelfDevice(db, {
        _id: deps.newId(),
        device_id: config?.device_id ?? defaultDeviceId(terminal),
        terminal_number: terminal,
        store_id: store._id,
        pos_version: posVersion,
        now: nowIso,
      }),
    )
  }
  const device = getSelfDevice(db)!
  inTransaction(db, () => sealChain(db, device.device_id, nowIso, deps.newId, auditKeyReplaced))
  const terminal = bindIdentity(opts.dataDir, db, identity, device, store, nowIso, lock.unclean)
  inTransaction(db, () => {
    touchSelfDevice(db, posVersion, nowIso)
    resetInterruptedPrints(db)
  })
  const electron = (process.versions as { electron?: string }).electron
  logger.info(
    `started: pos ${posVersion} (node ${process.versions.node}${electron ? `, electron ${electron}` : ''}, ${process.platform}), ` +
      `data ${path.resolve(opts.dataDir)}, terminal ${device.device_id} of store ${store.store_number}, ` +
      `${configPath && config ? `terminal file ${configPath}` : 'no terminal file (demo data)'}; ` +
      `${opened.checked} passed${lock.unclean ? ' after an unclean shutdown' : ''}${opened.backup ? `, backup ${opened.backup.name} before migrating` : ''}`,
  )
  const events = opts.events ?? new EventBus()
  const sessions = new SessionStore()
  const read = openReader(dbFile, opts.onStatement)
  const ctx: Ctx = {
    ...deps,
    read,
    device,
    // Live: a tax rate, timezone or suspension pulled from central applies at once, not after a restart.
    get store() {
      return currentStore(db)
    },
    events,
    demo: !config,
    sessions,
    keys,
    identity: terminal,
  }
  if (seeded?.users.carlos && opts.demoHistory !== false) seedDemoHistory(ctx, seeded.users.carlos)
  const filePrinter: PrinterConfig | null = (config?.printer as PrinterConfig | undefined) ?? null

  let secrets: string[] = []
  // The saved connection wins; a provisioned terminal config may carry one for first start.
  const connection = () => {
    try {
      const saved = connectionFromSettings(db, box)
      if (saved) return saved
    } catch (err) {
      log('central connection unreadable', err instanceof Error ? err.message : err)
      return null
    }
    const c = config?.central
    return c ? centralConnection(c) : null
  }
  const initial = connection()
  secrets = initial?.secrets ?? []
  logger.useSecrets(() => secrets)
  const sync = new SyncEngine({
    db,
    clock: deps.clock,
    log,
    connect: initial?.connect ?? null,
    storeId: store._id,
    streamId: device._id,
    deviceId: device.device_id,
    secrets: () => secrets,
    // A terminal's least-privilege user reads its store's data through the per-store views provisioning made.
    readName: storeViewReader(store._id),
    onChange: () => bus.emit('status.changed', {}),
    onPulled: (r) => bus.emit('catalog.pulled', { applied: r.applied }),
    // The fleet view's line for this terminal, and central's word on it (disabled: no money moves).
    heartbeat: {
      identity: {
        _id: device._id,
        device_id: device.device_id,
        store_id: store._id,
        terminal_number: device.terminal_number,
      },
      host: () => hostFigures(dbFile, posVersion, printer.status().state),
    },
    // The engine logs the change; the counter's banner follows the status.
    onDeviceStatus: () => bus.emit('status.changed', {}),
  })
  const wiring: SyncWiring = {
    engine: sync,
    box,
    async reconnect() {
      const next = connection()
      secrets = next?.secrets ?? []
      await sync.reconfigure(next?.connect ?? null)
      emitStatus()
    },
  }
  // Domains talk to each other after their commits, through the bus; the status bar's figures follow.
  const bus = new DomainBus(log)
  const emitStatus = () => bus.emit('status.changed', {})
  const printer = new PrintService(
    {
      getConfig: () => printerConfig(ctx, filePrinter),
      loadTicket: (id) => ticketPrintData(db, id),
      setTicketPrintStatus: (id, status, error, neverSent) =>
        setPrintStatus(db, id, status, error, deps.clock().toISOString(), neverSent),
      printRefusal: (id, copy) => printRefusal(ctx, id, copy),
      emit: (event, payload) => {
        events.emit(event, payload)
        // The status bar's count of tickets waiting to print changes with every print status.
        emitStatus()
      },
      onStateChange: () => {
        const s = printer.status()
        if (s.state === 'error') logger.warn(`printer ${s.uri} failed: ${s.message ?? 'no message'}`)
        else if (s.state === 'ready') logger.info(`printer ${s.uri} ready`)
        emitStatus()
      },
    },
    {
      now: deps.clock,
      testPageInfo: () => ({ store_name: ctx.store.name, timezone: ctx.store.timezone }),
      dataDir: opts.dataDir,
      log,
    },
  )
  const backups = backupService(db, opts.dataDir, deps.clock, log, opts.dailyBackups !== false)

  const reports = reportModule(ctx, printer, bus, {
    reportsDir: opts.reportsDir ?? path.join(opts.dataDir, 'reports'),
    dbFile,
    openFile: opts.openReportFile,
    log,
  })
  // The composition root: one module per domain. The compiler refuses a contract handler no module
  // implements, or one two modules define.
  const app = combine(bus, [
    authModule(ctx),
    saleModule(ctx, bus),
    ticketModule(ctx, printer, bus),
    claimModule(ctx, printer, bus),
    printingModule(ctx, printer, { printer: filePrinter }),
    settingsModule(ctx, () => statusOf(ctx, printer, wiring)),
    syncModule(ctx, wiring, { start: opts.startSync !== false }),
    auditModule(ctx),
    clockModule(ctx, log),
    recoveryModule(opts.dataDir),
    shiftModule(ctx, printer, bus),
    inventoryModule(ctx, bus),
    notifyModule(ctx, bus),
    productModule(ctx, bus),
    { name: 'backups', handlers: {}, services: [backups] },
    diagnosticsModule(ctx, printer, wiring, {
      dataDir: opts.dataDir,
      configPath,
      posVersion,
      logger,
      secrets: () => secrets,
    }),
    maintenanceModule(ctx, log),
    reports,
    budgetModule(ctx, bus, reports.exports, log),
  ])
  const dispatcher = new Dispatcher(
    app.handlers,
    {
      accessOf: (userId) => {
        const user = getUser(db, userId)
        return user && user.status === 'active' && user.store_id === store._id
          ? { permissions: permissionsOf(user), mustChangePin: user.must_change_pin === 1 }
          : null
      },
      onDenied: (call, name, permission) =>
        audited(ctx, call.session?.userId ?? null, {
          action: 'auth.denied',
          entity_type: 'handler',
          description: `${name} refused: needs ${permission}`,
        }),
      onInternalError: (name, err) => log(`handler ${name} failed`, err),
    },
    sessions,
  )
  app.start()

  return {
    ctx,
    dispatcher,
    events,
    printer,
    sync,
    dbFile,
    backupIfDue: backups.backupIfDue,
    async close() {
      if (!db.open) return
      await app.stop()
      // A clean close: the counters as they stand and the time vouched for, beside the database.
      try {
        const c = checkClock(ctx)
        terminal.closed(counterValues(db), c.behindMs <= CLOCK_TOLERANCE_MS ? c.effective : null)
      } catch (err) {
        // Closing never fails on this: the next start treats the close as unclean and resumes at the reservation.
        log('could not record the clean close', err)
      }
      read.close()
      db.close()
      if (!opts.lock) lock.release()
      if (ownsLogger) await logger.close()
    },
  }
}

/**
 * The terminal's identity lives outside the database too: written the first
 * time (or on the first start after an upgrade), and afterwards it must match.
 * Counter reservations in it run ahead of the database's counters.
 */
function bindIdentity(
  dataDir: string,
  db: WriteDB,
  identity: Identity | null,
  device: SelfDevice,
  store: StoreRow,
  now: string,
  unclean: boolean,
): TerminalIdentity {
  if (identity && identity.device_oid !== device._id) {
    db.close()
    throw new StoreProblem(
      'foreign',
      `This database belongs to terminal ${device.device_id}, not to ${identity.device_id} whose identity this computer holds. Nothing was changed. Restore this terminal's own backup, or call IT.`,
    )
  }
  const counters = counterValues(db)
  const current: Identity = identity ?? {
    v: 1,
    device_oid: device._id,
    device_id: device.device_id,
    store_id: store._id,
    store_number: store.store_number,
    terminal_number: device.terminal_number,
    created_at: now,
    reserved: Object.fromEntries(Object.entries(counters).map(([k, v]) => [k, v + RESERVE_AHEAD])),
  }
  if (!identity) writeIdentity(dataDir, current)
  // A database older than this file (a backup copied over it), or a start after a crash when that cannot be
  // told: every counter resumes at its reservation, above any number that may be on paper. Gaps are harmless.
  const older = Object.entries(current.closed_counters ?? {}).some(([k, v]) => (counters[k] ?? 0) < v)
  if (identity && (older || unclean)) {
    inTransaction(db, () => raiseCounters(db, current.reserved))
  }
  const terminal = new TerminalIdentity(dataDir, current)
  for (const [name, value] of Object.entries(counterValues(db))) terminal.ensure(name, value)
  useCounterReservations(db, terminal)
  return terminal
}
