import { app, BrowserWindow, ipcMain, safeStorage, session, shell } from 'electron'
import path from 'node:path'
import { createBackend, type Backend } from './backend'
import type { SecretBox } from './sync/credentials'

// Thin glue only: everything testable lives in the backend, which never imports electron.
let backend: Backend | null = null

const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'"

function createWindow() {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    backgroundColor: '#10151c',
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  })
  win.once('ready-to-show', () => win.show())
  // The cashier UI never navigates away or opens windows; links go to the system browser.
  win.webContents.on('will-navigate', (e) => e.preventDefault())
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  void win.loadFile(path.join(__dirname, '..', 'dist', 'renderer', 'index.html'))
  return win
}

app.whenReady().then(() => {
  session.defaultSession.webRequest.onHeadersReceived((details, cb) =>
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } }),
  )
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false))
  // Central credentials are sealed by the OS keychain (DPAPI, Keychain, libsecret) where it is available.
  const secretBox: SecretBox = {
    available: safeStorage.isEncryptionAvailable(),
    encrypt: (text) => safeStorage.encryptString(text).toString('base64'),
    decrypt: (blob) => safeStorage.decryptString(Buffer.from(blob, 'base64')),
  }
  backend = createBackend({ dataDir: process.env.POS_DATA_DIR ?? app.getPath('userData'), secretBox })
  const b = backend
  // One session per window: the sender's id is the session key, so a page cannot pick another's.
  ipcMain.handle('pos:invoke', (e, name: unknown, args: unknown) =>
    b.dispatcher.dispatch(`wc:${e.sender.id}`, name, args),
  )
  b.events.subscribe((event, payload) => {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send(`pos:event:${event}`, payload)
  })
  createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
})

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
