import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron'
import fs from 'node:fs'
import path from 'node:path'
import { checkTerminalFile, defaultConfigPath } from './device/config'
import { openApp, type AppHost } from './recovery/host'
import { installFacts } from './update/facts'
import { beginStart, markHealthy } from './update/health'
import { runRollback, startUpdates } from './update/updater'
import { mayReceive, sessionState } from './core/session-gate'
import {
  MIME,
  APP_INDEX_URL,
  APP_SCHEME,
  appFileFor,
  externalUrlAllowed,
  ipcSenderAllowed,
  loginItemFor,
  secretsProtected,
  startupErrorPage,
  windowModeFor,
} from './shell/policy'
import { unencryptedBox, type SecretBox } from './sync/credentials'

// Thin glue only: every decision lives in the backend or in shell/policy.ts, which never import electron.
let backend: AppHost | null = null
let mainWindow: BrowserWindow | null = null
// The terminal file's window mode; a file with problems opens a normal window on its report (recovery/host.ts).
const terminalFile = checkTerminalFile(defaultConfigPath())
const windowMode = windowModeFor(terminalFile.config)

const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
const RENDERER_ROOT = path.join(__dirname, '..', 'dist', 'renderer')

// Must happen before ready: app:// behaves like an https origin (module scripts, fetch, CSP 'self').
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
])

function lockDown(win: BrowserWindow) {
  // The cashier UI never navigates away or opens windows; allowed links go to the system browser.
  win.webContents.on('will-navigate', (e) => e.preventDefault())
  win.webContents.on('will-frame-navigate', (e) => {
    if (!e.isMainFrame) e.preventDefault()
  })
  win.webContents.on('will-attach-webview', (e) => e.preventDefault())
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (externalUrlAllowed(url)) void shell.openExternal(url)
    else console.warn('Refused to open an external link that is not on the allow list')
    return { action: 'deny' }
  })
}

function createWindow() {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    ...windowMode,
    backgroundColor: '#10151c',
    // Written out in each window (not shared through a helper) so Electronegativity can read them.
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A middle click must not open a link in a new window.
      disableBlinkFeatures: 'Auxclick',
    },
  })
  win.once('ready-to-show', () => win.show())
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null
  })
  lockDown(win)
  void win.loadURL(APP_INDEX_URL)
  mainWindow = win
  return win
}

/** Shown instead of the till when the backend cannot start: the message, and to call IT. */
function showStartupError(err: unknown) {
  console.error('The backend could not start:', err)
  const win = new BrowserWindow({
    width: 720,
    height: 420,
    backgroundColor: '#10151c',
    // No preload: this page cannot reach the backend at all.
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A middle click must not open a link in a new window.
      disableBlinkFeatures: 'Auxclick',
    },
  })
  lockDown(win)
  void win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(startupErrorPage(err))}`)
  mainWindow = win
}

/** The built UI, and only it, under app://pos/. */
function serveRenderer() {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appFileFor(RENDERER_ROOT, request.url)
    if (!file) return new Response('Not found', { status: 404 })
    try {
      const body = await fs.promises.readFile(file)
      return new Response(new Uint8Array(body), {
        headers: {
          'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
          'Content-Security-Policy': CSP,
          'X-Content-Type-Options': 'nosniff',
        },
      })
    } catch {
      return new Response('Not found', { status: 404 })
    }
  })
}

function secretBox(): SecretBox {
  // Central credentials and the local keys are sealed by the OS keychain (DPAPI, Keychain, libsecret) where it can.
  if (!safeStorage.isEncryptionAvailable()) return unencryptedBox
  let linuxBackend: string | null = null
  if (process.platform === 'linux') {
    try {
      linuxBackend = safeStorage.getSelectedStorageBackend()
    } catch {
      linuxBackend = 'unknown'
    }
  }
  return {
    // basic_text still seals (with Chromium's built-in key), so files sealed earlier still open; it just does not count.
    available: secretsProtected({ encryptionAvailable: true, linuxBackend }),
    encrypt: (text) => safeStorage.encryptString(text).toString('base64'),
    decrypt: (blob) => safeStorage.decryptString(Buffer.from(blob, 'base64')),
  }
}

/** The data folder (POS_DATA_DIR in development). */
const dataDir = () => process.env.POS_DATA_DIR ?? app.getPath('userData')

/**
 * After an update: a version that failed to come up twice goes back to the kept installer of the one before
 * (health.ts decides); the updater itself starts once the backend runs, if the terminal file names a server.
 */
function updatesOnStart(): boolean {
  const verdict = beginStart(dataDir(), app.getVersion())
  if (verdict.kind === 'rollback') {
    console.error(`Version ${app.getVersion()} failed to start twice: reinstalling ${verdict.to}`)
    runRollback(verdict.installer, (m, e) => console.error(m, e ?? ''))
    app.quit()
    return false
  }
  if (verdict.kind === 'stuck') console.error(verdict.reason)
  return true
}

function startUpdater(b: AppHost) {
  const url = terminalFile.config?.updates?.url
  const running = b.backend
  if (!url || !app.isPackaged || !running) return
  startUpdates({
    url,
    deviceId: running.ctx.device.device_id,
    dataDir: dataDir(),
    facts: (downloaded) => (b.backend ? installFacts(b.backend, terminalFile.config, downloaded, new Date()) : null),
    log: (m, e) => console.error(`[update] ${m}`, e ?? ''),
    beforeInstall: async () => {
      backend = null
      await b.close()
    },
  })
}

function start() {
  if (!updatesOnStart()) return
  session.defaultSession.webRequest.onHeadersReceived((details, cb) =>
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } }),
  )
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  serveRenderer()
  const login = loginItemFor(terminalFile.config)
  if (login) app.setLoginItemSettings(login)
  let b: AppHost
  try {
    // A damaged or missing database does not fail the start: the host serves the recovery screen instead.
    b = openApp({
      dataDir: dataDir(),
      secretBox: secretBox(),
      // Where a manager finds their exports: their documents, not the app's data folder.
      reportsDir: path.join(app.getPath('documents'), 'Lottery POS reports'),
    })
  } catch (err) {
    showStartupError(err)
    return
  }
  backend = b
  // One session per window: the sender's id is the session key, so a page cannot pick another's.
  ipcMain.handle('pos:invoke', (e, name: unknown, args: unknown) => {
    const frame = e.senderFrame
    if (!ipcSenderAllowed(frame && { url: frame.url, top: frame.parent === null })) {
      console.warn('Refused a backend call from a frame that is not the app:', frame?.url ?? '(gone)')
      return { ok: false, error: { code: 'FORBIDDEN', message: 'This page may not use the point of sale.' } }
    }
    return b.dispatcher.dispatch(`wc:${e.sender.id}`, name, args)
  })
  // The Reports screen's "Choose folder": the system's folder dialog; the page only ever gets the path picked.
  ipcMain.handle('pos:pick-folder', async (e) => {
    const frame = e.senderFrame
    const win = BrowserWindow.fromWebContents(e.sender)
    if (!win || !ipcSenderAllowed(frame && { url: frame.url, top: frame.parent === null })) return null
    // A native dialog is a way out of the kiosk: only for a logged-in user who may export reports.
    const sid = `wc:${e.sender.id}`
    if (sessionState(b.dispatcher, sid) !== 'active' || !b.dispatcher.permissionsOf(sid).includes('view_reports'))
      return null
    const r = await dialog.showOpenDialog(win, { properties: ['openDirectory', 'createDirectory'] })
    return r.canceled ? null : (r.filePaths[0] ?? null)
  })
  // Events name transactions and the printer: only a window whose session is logged in and unlocked gets them.
  b.events.subscribe((event, payload) => {
    for (const w of BrowserWindow.getAllWindows()) {
      if (mayReceive(b.dispatcher, `wc:${w.webContents.id}`, event)) w.webContents.send(`pos:event:${event}`, payload)
    }
  })
  const win = createWindow()
  // Up: the window loaded. This version is good (no rollback on its next start).
  // A start that lands on a recovery screen or a terminal file's report is this version working as meant.
  win.webContents.once('did-finish-load', () => markHealthy(dataDir(), app.getVersion()))
  startUpdater(b)
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
}

// One till per terminal: a second launch brings the first window forward and quits.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    const win = mainWindow
    if (!win) return
    if (win.isMinimized()) win.restore()
    win.show()
    win.focus()
  })
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => (app.isReady() ? showStartupError(err) : console.error(err)))
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

app.on('will-quit', (e) => {
  if (!backend) return
  e.preventDefault()
  const b = backend
  backend = null
  void b.close().finally(() => app.quit())
})
