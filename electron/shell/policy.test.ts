import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  loginItemFor,
  windowModeFor,
  APP_INDEX_URL,
  appFileFor,
  externalUrlAllowed,
  ipcSenderAllowed,
  secretsProtected,
  startupErrorPage,
} from './policy'

describe('IPC sender policy', () => {
  it("lets only the app's own top frame call the backend", () => {
    expect(ipcSenderAllowed({ url: APP_INDEX_URL, top: true })).toBe(true)
    expect(ipcSenderAllowed({ url: 'app://pos/index.html#/sale', top: true })).toBe(true)
    expect(ipcSenderAllowed({ url: APP_INDEX_URL, top: false })).toBe(false)
    expect(ipcSenderAllowed(null)).toBe(false)
    for (const url of [
      'file:///opt/Lottery%20POS/resources/app.asar/dist/renderer/index.html',
      'https://evil.example/index.html',
      'app://evil/index.html',
      'app://user:pw@pos/index.html',
      'app://pos.evil/index.html',
      'data:text/html,<p>hi</p>',
      'about:blank',
      '',
    ]) {
      expect(ipcSenderAllowed({ url, top: true }), url).toBe(false)
    }
  })
})

describe('external links', () => {
  it('opens nothing by default, not even https', () => {
    expect(externalUrlAllowed('https://www.example.com/')).toBe(false)
  })

  it('opens only https URLs under an allowed prefix', () => {
    const list = ['https://help.lottery.example/pos/']
    expect(externalUrlAllowed('https://help.lottery.example/pos/', list)).toBe(true)
    expect(externalUrlAllowed('https://help.lottery.example/pos/printer?x=1', list)).toBe(true)
    for (const url of [
      'http://help.lottery.example/pos/',
      'https://help.lottery.example/posx',
      'https://help.lottery.example/other',
      'https://help.lottery.example.evil.example/pos/',
      'https://user@help.lottery.example/pos/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(externalUrlAllowed(url, list), url).toBe(false)
    }
  })
})

describe('app:// files', () => {
  const root = path.resolve('/opt/pos/dist/renderer')
  it('maps app://pos paths into the UI folder and the root to index.html', () => {
    expect(appFileFor(root, 'app://pos/')).toBe(path.join(root, 'index.html'))
    expect(appFileFor(root, 'app://pos/index.html')).toBe(path.join(root, 'index.html'))
    expect(appFileFor(root, 'app://pos/assets/index-1.js?v=2')).toBe(path.join(root, 'assets', 'index-1.js'))
  })

  it('serves nothing outside it, from another host or from a malformed path', () => {
    for (const url of [
      'app://pos/..%2f..%2fetc%2fpasswd',
      'app://pos/%2e%2e%2frenderer-evil%2fx.js',
      'app://pos/..%5c..%5cx',
      'app://pos/%ff',
      'app://pos/a%00b',
      'app://other/index.html',
      'file:///opt/pos/dist/renderer/index.html',
    ]) {
      expect(appFileFor(root, url), url).toBeNull()
    }
  })
})

describe('secret storage', () => {
  it("counts Linux's basic_text fallback as not protected", () => {
    expect(secretsProtected({ encryptionAvailable: true, linuxBackend: 'basic_text' })).toBe(false)
    expect(secretsProtected({ encryptionAvailable: true, linuxBackend: 'unknown' })).toBe(false)
    expect(secretsProtected({ encryptionAvailable: true, linuxBackend: 'gnome_libsecret' })).toBe(true)
    expect(secretsProtected({ encryptionAvailable: true, linuxBackend: null })).toBe(true)
    expect(secretsProtected({ encryptionAvailable: false, linuxBackend: null })).toBe(false)
  })
})

describe('startup error page', () => {
  it('shows only the escaped message and tells the cashier to call IT', () => {
    const err = new Error('database is locked <script>alert(1)</script>')
    err.stack = 'Error: at secretFunction (/home/it/password.ts:1:1)'
    const page = startupErrorPage(err)
    expect(page).toContain('database is locked &lt;script&gt;alert(1)&lt;/script&gt;')
    expect(page).not.toContain('<script>')
    expect(page).not.toContain('secretFunction')
    expect(page).toContain('Call IT support')
    expect(page).toContain("default-src 'none'")
    expect(startupErrorPage(new Error('x'.repeat(2000))).length).toBeLessThan(2000)
  })
})

describe('the window and login item from the terminal file', () => {
  it('opens a kiosk only when the file says so, and sets the login item only when it names one', () => {
    expect(windowModeFor({ kiosk: true })).toEqual({ kiosk: true, autoHideMenuBar: true })
    expect(windowModeFor({})).toEqual({ kiosk: false, autoHideMenuBar: false })
    // A file with problems (null): a normal window, on the report.
    expect(windowModeFor(null)).toEqual({ kiosk: false, autoHideMenuBar: false })
    expect(loginItemFor({ start_at_login: true })).toEqual({ openAtLogin: true })
    expect(loginItemFor({ start_at_login: false })).toEqual({ openAtLogin: false })
    expect(loginItemFor({})).toBeNull()
  })
})
