export type ErrorKind = 'auth' | 'unreachable' | 'tls' | 'forbidden' | 'transient' | 'rejected' | 'unknown'

export interface ClassifiedError {
  kind: ErrorKind
  /** Plain words for the status bar; never contains credentials. */
  message: string
  code: number | null
}

// Server codes a retry can fix: elections, primaries stepping down, timeouts.
const TRANSIENT_CODES = new Set([6, 7, 50, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436, 63, 150, 134])
// Codes that reject the document itself: retrying the same bytes can never succeed.
const REJECTED_CODES = new Set([2, 14, 52, 55, 121, 10334, 17419, 16755])

const TLS = /\b(TLS|SSL)\b|certificate|self[- ]signed|ERR_TLS|EPROTO|handshake|unable to verify|CERT_/i
const UNREACHABLE = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|Server selection timed out|getaddrinfo/i
const AUTH = /Authentication failed|AuthenticationFailed|auth.*fail|SCRAM/i

interface ErrLike {
  name?: string
  message?: string
  code?: unknown
  codeName?: string
  cause?: unknown
  reason?: { servers?: Map<string, { error?: unknown }> }
  errorLabels?: string[]
  errorLabelSet?: Set<string>
}

/** Every message in an error, its causes and (for server selection) each server's last error. */
function chain(err: unknown, depth = 0): ErrLike[] {
  if (!err || typeof err !== 'object' || depth > 5) return []
  const e = err as ErrLike
  const out = [e, ...chain(e.cause, depth + 1)]
  if (e.reason?.servers instanceof Map)
    for (const s of e.reason.servers.values()) out.push(...chain(s.error, depth + 1))
  return out
}

const codeOf = (e: ErrLike) => (typeof e.code === 'number' ? e.code : null)

/**
 * Maps any driver, network or stand-in error to one of a few kinds with its
 * own plain message, so the cashier and IT see "wrong password" apart from
 * "no network" apart from "certificate problem".
 */
export function classifyError(err: unknown): ClassifiedError {
  const all = chain(err)
  const text = all
    .map((e) => `${e.name ?? ''} ${e.message ?? ''} ${e.codeName ?? ''} ${typeof e.code === 'string' ? e.code : ''}`)
    .join(' | ')
  const codes = all.map(codeOf).filter((c): c is number => c !== null)
  const code = codes[0] ?? null
  if (codes.includes(18) || AUTH.test(text)) {
    return { kind: 'auth', code: 18, message: 'Central refused the sign-in: check the sync user name and password.' }
  }
  if (TLS.test(text)) {
    return {
      kind: 'tls',
      code,
      message: 'Secure connection to central failed: the server certificate or TLS settings are not accepted.',
    }
  }
  if (codes.includes(13)) {
    return {
      kind: 'forbidden',
      code: 13,
      message: 'The sync user is not allowed to do this: check its role on central.',
    }
  }
  if (codes.some((c) => REJECTED_CODES.has(c))) {
    return { kind: 'rejected', code, message: `Central rejected the record (code ${code}).` }
  }
  const retryable = all.some(
    (e) => e.errorLabelSet?.has('RetryableWriteError') || e.errorLabels?.includes('RetryableWriteError'),
  )
  if (/MongoServerSelectionError/.test(text) || UNREACHABLE.test(text)) {
    return {
      kind: 'unreachable',
      code,
      message: 'Cannot reach the central server: check the network and the server address.',
    }
  }
  if (
    retryable ||
    codes.some((c) => TRANSIENT_CODES.has(c)) ||
    /MongoNetwork|timed out|timeout|connection .* closed|ECONNRESET|EPIPE|socket hang up/i.test(text)
  ) {
    return { kind: 'transient', code, message: 'The connection to central was interrupted; sync will retry.' }
  }
  return { kind: 'unknown', code, message: `Sync failed: ${firstMessage(all)}` }
}

function firstMessage(all: ErrLike[]): string {
  return (all.find((e) => e.message)?.message ?? 'unknown error').slice(0, 200)
}

/**
 * Removes credentials from any text: the password in a connection string and
 * any known secret verbatim or URL-encoded. Applied to every message that
 * leaves the engine (status, logs, stored last_error).
 */
export function redact(text: string, secrets: (string | undefined | null)[] = []): string {
  let out = text.replace(/(mongodb(?:\+srv)?:\/\/)([^:@/\s]+):([^@/\s]*)@/gi, '$1$2:***@')
  for (const s of secrets) {
    if (!s || s.length < 3) continue
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join('***')
  }
  return out
}
