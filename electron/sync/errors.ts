import ConnectionString from 'mongodb-connection-string-url'

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
export function classifyError(err: unknown, secrets: Secret[] = []): ClassifiedError {
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
  return { kind: 'unknown', code, message: `Sync failed: ${firstMessage(all, secrets)}` }
}

// Redacted before it is shortened: a cut can leave half an address, or half a password, that no pattern recognises.
function firstMessage(all: ErrLike[], secrets: Secret[]): string {
  return redact(all.find((e) => e.message)?.message ?? 'unknown error', secrets).slice(0, 200)
}

type Secret = string | undefined | null

const MASK = '***'

/** Option names that carry a secret: password, tlsCertificateKeyFilePassword, sslPEMKeyPassword, proxyPassword, AWS_SESSION_TOKEN... */
const SECRET_NAME = /pass(?:word|wd)?|pwd|secret|token/i
/** A connection string as it appears in running text: up to whitespace, a quote or an angle bracket. */
const ADDRESS = /mongodb(?:\+srv)?:\/\/[^\s"'`<>]+/gi
/** Sentence punctuation that follows an address rather than belonging to it. */
const TRAILING = /[.,;:!?)\]}]+$/
/** `name=value` or `NAME:value` (authMechanismProperties) for a secret-bearing name, anywhere in a text. */
// Bounded name parts: a long run of word characters must not make this quadratic.
const SECRET_PAIR = /([\w.-]{0,60}(?:pass(?:word|wd)?|pwd|secret|token)[\w.-]{0,60}(?:=|:|%3A))([^\s&,;'"`<>]+)/gi
const ANY = new RegExp(`${ADDRESS.source}|${SECRET_PAIR.source}`, 'gi')

/** Percent-decoding that never throws; in a query (`plus`) a + is a space, in the user info it is itself. */
function safeDecode(s: string, plus = false): string {
  try {
    return decodeURIComponent(plus ? s.replace(/\+/g, ' ') : s)
  } catch {
    return s
  }
}

/** authMechanismProperties: `KEY:value,KEY:value`, the value of a secret key masked; left as written when it can be. */
function redactProperties(raw: string): string {
  const encoded = raw.includes('%')
  const mask = (text: string) =>
    text
      .split(',')
      .map((pair) => {
        const at = pair.indexOf(':')
        return at > 0 && SECRET_NAME.test(pair.slice(0, at)) ? `${pair.slice(0, at)}:${MASK}` : pair
      })
      .join(',')
  return encoded ? encodeURIComponent(mask(safeDecode(raw, true))) : mask(raw)
}

/** A query string (`a=b&c=d`, no `?`) with the value of every secret-bearing option masked, names in any case. */
function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      if (eq < 0) return pair
      const name = safeDecode(pair.slice(0, eq), true)
      if (/^authMechanismProperties$/i.test(name)) return `${pair.slice(0, eq)}=${redactProperties(pair.slice(eq + 1))}`
      return SECRET_NAME.test(name) ? `${pair.slice(0, eq)}=${MASK}` : pair
    })
    .join('&')
}

/** One address: parsed when it parses (mongodb+srv, several hosts, encoded passwords), by pattern when not. */
function redactAddress(token: string): string {
  const trail = TRAILING.exec(token)?.[0] ?? ''
  const address = token.slice(0, token.length - trail.length)
  try {
    const cs = new ConnectionString(address)
    if (cs.password) cs.password = MASK
    if (cs.search) cs.search = redactQuery(cs.search.slice(1))
    return cs.toString() + trail
  } catch {
    // Unparsable (an empty user, an unescaped @ or / in the password...): everything between :// and the
    // last @ goes, user included, and so does any secret option.
    const scheme = /^mongodb(?:\+srv)?:\/\//i.exec(address)![0]
    let rest = address.slice(scheme.length)
    const at = rest.lastIndexOf('@')
    if (at >= 0) rest = `${MASK}${rest.slice(at)}`
    const q = rest.indexOf('?')
    if (q >= 0) rest = rest.slice(0, q + 1) + redactQuery(rest.slice(q + 1))
    return scheme + rest + trail
  }
}

/**
 * Removes credentials from any text: every connection string in it (the
 * password, and secret options such as tlsCertificateKeyFilePassword,
 * proxyPassword or an AWS_SESSION_TOKEN), any secret `name=value`, and each
 * known secret verbatim, URL-encoded or JSON-escaped. Applied to every
 * message that leaves the engine (status, logs, stored last_error, summaries).
 */
export function redact(text: string, secrets: Secret[] = []): string {
  // One pass over both patterns, so a secret-looking name inside an address (a host called token.example) is left to the parser.
  let out = text.replace(ANY, (match: string, name: string | undefined) =>
    name === undefined ? redactAddress(match) : name + MASK,
  )
  const forms = new Set<string>()
  for (const s of secrets) {
    if (!s || s.length < 3) continue
    forms.add(s).add(encodeURIComponent(s)).add(JSON.stringify(s).slice(1, -1))
  }
  // Longest first, so a secret that contains another is not half replaced.
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join(MASK)
  return out
}

/**
 * The secrets a connection string itself carries, decoded: its password and
 * the values of its secret options. Handed to `redact` so they are also
 * removed where a message quotes them outside any address.
 */
export function addressSecrets(uri: string): string[] {
  const found: string[] = []
  const add = (v: string | null | undefined, plus = false) => {
    if (v) found.push(safeDecode(v, plus), v)
  }
  try {
    const cs = new ConnectionString(uri)
    add(cs.password)
  } catch {
    const m = /^mongodb(?:\+srv)?:\/\/(.*)@/i.exec(uri)
    if (m) add(m[1].slice(m[1].indexOf(':') + 1))
  }
  const q = uri.indexOf('?')
  for (const pair of q < 0 ? [] : uri.slice(q + 1).split('&')) {
    const eq = pair.indexOf('=')
    if (eq < 0) continue
    const name = safeDecode(pair.slice(0, eq), true)
    const value = pair.slice(eq + 1)
    if (/^authMechanismProperties$/i.test(name)) {
      for (const p of safeDecode(value, true).split(',')) {
        const at = p.indexOf(':')
        if (at > 0 && SECRET_NAME.test(p.slice(0, at))) add(p.slice(at + 1))
      }
    } else if (SECRET_NAME.test(name)) add(value, true)
  }
  return [...new Set(found)]
}
