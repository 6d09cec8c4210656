import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { SecretBox } from '../sync/credentials'

/**
 * Secrets that must not live in the database file (the audit chain's key, the
 * PIN pepper): a copied or stolen pos.sqlite alone is then not enough to
 * rewrite the audit trail or crack PINs offline. Each is a file in
 * `<dataDir>/keys/`, sealed by the OS keystore where the box can encrypt
 * (Electron's safeStorage: DPAPI, Keychain, libsecret); elsewhere the file
 * says it is unsealed, and the UI says the secrets are not protected.
 */
export interface Keystore {
  /** The named 32-byte secret, created on first use. */
  get(name: KeyName): Buffer
  /** Whether the key's file exists (before `get` would create it). */
  has(name: KeyName): boolean
  /** True when every key is sealed by the OS keystore. */
  readonly sealed: boolean
  readonly dir: string
}

export type KeyName = 'audit' | 'pin-pepper'

interface KeyFile {
  v: 1
  sealed: boolean
  /** base64 of the sealed (or, when not sealed, the raw) key, itself hex. */
  blob: string
}

/** Writes a file so that a crash leaves either the old or the new content, never a torn one. */
export function writeFileAtomic(file: string, data: string | Buffer, mode = 0o600): void {
  const tmp = `${file}.${process.pid}.tmp`
  const fd = fs.openSync(tmp, 'w', mode)
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(tmp, file)
  try {
    const dfd = fs.openSync(path.dirname(file), 'r')
    fs.fsyncSync(dfd)
    fs.closeSync(dfd)
  } catch {
    // Directories cannot be opened for fsync on Windows; the rename is still atomic there.
  }
}

export function openKeystore(dataDir: string, box: SecretBox): Keystore {
  const dir = path.join(dataDir, 'keys')
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  const cache = new Map<KeyName, Buffer>()
  let allSealed = true
  const get = (name: KeyName): Buffer => {
    const hit = cache.get(name)
    if (hit) return hit
    const file = path.join(dir, `${name}.key`)
    let key: Buffer
    if (fs.existsSync(file)) {
      const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile
      const hex = stored.sealed ? box.decrypt(stored.blob) : Buffer.from(stored.blob, 'base64').toString('utf8')
      key = Buffer.from(hex, 'hex')
      if (key.length !== 32) throw new Error(`key ${name} in ${dir} is damaged`)
      if (!stored.sealed) allSealed = false
    } else {
      key = randomBytes(32)
      const hex = key.toString('hex')
      const sealed = box.available
      const stored: KeyFile = {
        v: 1,
        sealed,
        blob: sealed ? box.encrypt(hex) : Buffer.from(hex, 'utf8').toString('base64'),
      }
      if (!sealed) allSealed = false
      writeFileAtomic(file, JSON.stringify(stored))
    }
    cache.set(name, key)
    return key
  }
  return {
    get,
    has: (name: KeyName) => cache.has(name) || fs.existsSync(path.join(dir, `${name}.key`)),
    dir,
    get sealed() {
      return allSealed && box.available
    },
  }
}
