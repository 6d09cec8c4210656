import { deleteStoredValue, getStoredValue, setStoredValue } from '../settings/repo'
import type { ReadDB, WriteDB } from '../store/db'
import { addressSecrets, redact } from './errors'
import { mongoConnect, type CentralConfig } from './mongo'
import type { Connect } from './target'

/** Electron's safeStorage fits this shape; main.ts injects it. */
export interface SecretBox {
  /** False when the box cannot really encrypt: the UI must warn. */
  available: boolean
  encrypt(text: string): string
  decrypt(blob: string): string
}

export type SyncConfig = Required<CentralConfig>

/**
 * For plain Node (tests, the web host): base64 only, NOT encryption, and says
 * so through `available: false`, so the settings screen can show a warning.
 */
export const unencryptedBox: SecretBox = {
  available: false,
  encrypt: (text) => Buffer.from(text, 'utf8').toString('base64'),
  decrypt: (blob) => Buffer.from(blob, 'base64').toString('utf8'),
}

const KEY = 'sync_config'

interface Stored {
  v: 1
  encrypted: boolean
  /** The whole config, sealed: a URI can carry a password too. */
  blob: string
  /** What the settings screen may show without unsealing. */
  summary: SyncConfigSummary
}

export interface SyncConfigSummary {
  uri: string
  db_name: string
  username: string
  encrypted: boolean
}

export function saveSyncConfig(db: WriteDB, box: SecretBox, config: SyncConfig): SyncConfigSummary {
  const summary: SyncConfigSummary = {
    uri: redact(config.uri, configSecrets(config)),
    db_name: config.db_name,
    username: config.username,
    encrypted: box.available,
  }
  const stored: Stored = { v: 1, encrypted: box.available, blob: box.encrypt(JSON.stringify(config)), summary }
  setStoredValue(db, KEY, stored)
  return summary
}

export function clearSyncConfig(db: WriteDB): void {
  deleteStoredValue(db, KEY)
}

function loadStored(db: ReadDB): Stored | null {
  return getStoredValue<Stored>(db, KEY)
}

/** Redacted again on the way out: a summary saved by an older version may still hold what today's redaction removes. */
export function syncConfigSummary(db: ReadDB): SyncConfigSummary | null {
  const summary = loadStored(db)?.summary
  return summary ? { ...summary, uri: redact(summary.uri) } : null
}

/**
 * Unseals the stored config. A config sealed by the OS keychain cannot be
 * read by the plain fallback (or vice versa): that is "not configured", and
 * the error never includes the blob.
 */
export function loadSyncConfig(db: ReadDB, box: SecretBox): SyncConfig | null {
  const stored = loadStored(db)
  if (!stored) return null
  if (stored.encrypted !== box.available)
    throw new Error('The saved central connection was sealed differently on this machine: enter it again.')
  try {
    return JSON.parse(box.decrypt(stored.blob)) as SyncConfig
  } catch {
    throw new Error('The saved central connection cannot be read: enter it again.')
  }
}

/** Every secret a config carries: the password field, and the password and secret options in its address. */
export function configSecrets(config: CentralConfig): string[] {
  return [...new Set([...(config.password ? [config.password] : []), ...addressSecrets(config.uri)])]
}

/** The engine's connect function and the secrets it must redact, for one central config. */
export function centralConnection(config: CentralConfig): { connect: Connect; secrets: string[] } {
  return { connect: mongoConnect(config), secrets: configSecrets(config) }
}

/** The engine's connect function and the secrets it must redact, from the stored config. */
export function connectionFromSettings(db: ReadDB, box: SecretBox): { connect: Connect; secrets: string[] } | null {
  const config = loadSyncConfig(db, box)
  return config ? centralConnection(config) : null
}
