import path from 'node:path'

/**
 * The Electron shell's security decisions as pure functions, so they are tested in Node:
 * electron/main.ts only asks them. Nothing here imports electron.
 */

/**
 * The UI is served from a privileged standard scheme of its own, not file://: with the
 * grantFileProtocolExtraPrivileges fuse off, a file:// page would lose what it needs (module
 * scripts), and one origin makes "is this our page" a plain comparison.
 */
/** Content types of the built UI's files, for both ways it is served (app:// in Electron, the web host). */
export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

export const APP_SCHEME = 'app'
export const APP_HOST = 'pos'
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

function isAppUrl(raw: string): URL | null {
  try {
    const url = new URL(raw)
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && !url.username && !url.password ? url : null
  } catch {
    return null
  }
}

/** What main.ts knows about the frame an IPC message came from (null: the frame is gone). */
export interface SenderFrame {
  url: string
  /** True when the frame has no parent: the window's own page, not an iframe inside it. */
  top: boolean
}

/** Only the app's own top-level page may call the backend; an iframe or a foreign page may not. */
export function ipcSenderAllowed(frame: SenderFrame | null): boolean {
  return frame !== null && frame.top && isAppUrl(frame.url) !== null
}

/**
 * Where external links may go, as URL prefixes (https only). None today: the cashier UI has no
 * external links, so any attempt to open one is refused. Add the lottery's help site here if one is added.
 */
export const EXTERNAL_LINKS: readonly string[] = []

/** Whether the shell may hand `raw` to the system browser. */
export function externalUrlAllowed(raw: string, allowList: readonly string[] = EXTERNAL_LINKS): boolean {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  if (url.protocol !== 'https:' || url.username || url.password) return false
  return allowList.some((entry) => {
    const allowed = new URL(entry)
    const prefix = allowed.pathname.endsWith('/') ? allowed.pathname : `${allowed.pathname}/`
    return (
      allowed.protocol === 'https:' &&
      url.origin === allowed.origin &&
      (url.pathname === allowed.pathname || url.pathname.startsWith(prefix))
    )
  })
}

/**
 * The file under `root` an app:// request names, or null when it names none (another host, a path
 * outside the root, a malformed escape). The root itself answers with index.html.
 */
export function appFileFor(root: string, requestUrl: string): string | null {
  const url = isAppUrl(requestUrl)
  if (!url) return null
  let rel: string
  try {
    rel = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  if (rel.includes('\0') || rel.includes('\\')) return null
  if (rel === '/' || rel === '') rel = '/index.html'
  const base = path.resolve(root)
  const file = path.resolve(base, '.' + rel)
  const inside = path.relative(base, file)
  if (inside === '' || inside === '..' || inside.startsWith('..' + path.sep) || path.isAbsolute(inside)) return null
  return file
}

/**
 * Whether the OS keystore really protects secrets. On Linux, safeStorage falls back to
 * `basic_text` (a key built into Chromium) when no keyring is running: that is obfuscation, so the
 * box reports not available and Settings warns, as on the web host. `unknown` means it was asked too early.
 */
export function secretsProtected(opts: { encryptionAvailable: boolean; linuxBackend: string | null }): boolean {
  if (!opts.encryptionAvailable) return false
  return opts.linuxBackend === null || (opts.linuxBackend !== 'basic_text' && opts.linuxBackend !== 'unknown')
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c as '&' | '<' | '>' | '"' | "'"],
  )

/** The message of a startup failure only (no stack, no cause), at most 400 characters. */
export function startupErrorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : 'Unknown error.'
  const oneLine = message.replace(/\s+/g, ' ').trim() || 'Unknown error.'
  return oneLine.length > 400 ? `${oneLine.slice(0, 399)}…` : oneLine
}

/** A self-contained page (no script, no network) for the window shown when the backend cannot start. */
export function startupErrorPage(err: unknown): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Lottery POS cannot start</title>
<style>
body { font: 16px system-ui, sans-serif; background: #10151c; color: #e8edf3; margin: 0; padding: 48px; }
h1 { font-size: 24px; margin: 0 0 16px; }
.error { background: #3a1d1d; border: 1px solid #a33; padding: 12px 16px; border-radius: 6px; }
</style>
</head>
<body>
<h1>The point of sale cannot start</h1>
<p class="error" role="alert">${escapeHtml(startupErrorMessage(err))}</p>
<p>No sale can be made on this terminal until this is fixed. Nothing was sold or changed.</p>
<p><strong>Call IT support</strong> and read them the message above.</p>
</body>
</html>`
}

/** How the till's window opens, from the terminal file: a kiosk is full screen and cannot be left. */
export function windowModeFor(config: { kiosk?: boolean } | null): { kiosk: boolean; autoHideMenuBar: boolean } {
  const kiosk = config?.kiosk === true
  return { kiosk, autoHideMenuBar: kiosk }
}

/** Whether the app starts when the terminal's user logs in (unset: leave the OS setting alone). */
export function loginItemFor(config: { start_at_login?: boolean } | null): { openAtLogin: boolean } | null {
  return config?.start_at_login === undefined ? null : { openAtLogin: config.start_at_login }
}
