import type { Document } from 'bson'

/** No heartbeat for an hour: the terminal is off, offline, or its sync is stopped. */
export const STALE_AFTER_S = 3600
/** Records waiting for central for more than a day. */
export const STUCK_AFTER_S = 86_400
/** Less free disk than this on the data folder's drive. */
export const LOW_DISK_BYTES = 1e9

export type FleetFlag = 'stale' | 'stuck' | 'skew' | 'disabled' | 'low_disk' | 'printer' | 'clash'

export interface FleetRow {
  store_number: number | null
  store: string
  terminal_number: number | null
  device_id: string
  pos_version: string
  os: string
  last_seen: Date | null
  seen_ago_s: number | null
  last_sync_at: Date | null
  outbox_pending: number
  oldest_pending_age_s: number
  printer_state: string | null
  free_disk_bytes: number | null
  db_size_bytes: number | null
  status: string
  flags: FleetFlag[]
}

/** Compares dotted versions numerically (1.10.0 after 1.9.3); anything else as text. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/)
  const pb = b.split(/[.+-]/)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0'
    const y = pb[i] ?? '0'
    const nx = Number(x)
    const ny = Number(y)
    const d = Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x.localeCompare(y)
    if (d !== 0) return Math.sign(d)
  }
  return 0
}

const idOf = (v: unknown) =>
  v && typeof v === 'object' && 'toHexString' in v ? (v as { toHexString(): string }).toHexString() : String(v)
const dateOf = (v: unknown) =>
  v instanceof Date ? v : typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v) : null
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/**
 * Every terminal of every store from central's pos_devices, flagged for IT: stale (no heartbeat for an hour),
 * stuck (records pending for more than a day), skew (behind the newest version in the fleet), disabled, low
 * disk, a printer that is not ready, and clash (another terminal of its store has its terminal number, so their
 * transaction and ticket numbers are the same). Sorted by store and terminal.
 */
export function fleetReport(
  devices: Document[],
  stores: Document[],
  now: Date,
  /** Central's word on each terminal (pos_device_controls): { device_id, status }. */
  controls: Document[] = [],
): { rows: FleetRow[]; newest: string | null } {
  const statusOf = new Map(controls.map((c) => [String(c.device_id), String(c.status ?? 'active')]))
  const byId = new Map(stores.map((s) => [idOf(s._id), s]))
  const versions = devices.map((d) => String(d.pos_version ?? '')).filter(Boolean)
  const newest = versions.length ? versions.reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b)) : null
  // Transaction and ticket numbers carry the store and terminal numbers: two terminals sharing both make the same.
  const seats = new Map<string, number>()
  // A terminal IT disabled (replaced) keeps no seat, nor does one that names no store.
  const seatOf = (d: Document) =>
    num(d.terminal_number) === null || d.store_id == null || statusOf.get(String(d.device_id)) === 'disabled'
      ? null
      : `${idOf(d.store_id)}/${num(d.terminal_number)}`
  for (const d of devices) {
    const seat = seatOf(d)
    if (seat) seats.set(seat, (seats.get(seat) ?? 0) + 1)
  }
  const rows = devices.map((d): FleetRow => {
    const store = byId.get(idOf(d.store_id))
    const lastSeen = dateOf(d.last_seen)
    const seenAgo = lastSeen ? Math.max(0, Math.round((now.getTime() - lastSeen.getTime()) / 1000)) : null
    const pending = num(d.outbox_pending) ?? 0
    // The age as of the heartbeat, plus the time since: it kept growing while nothing was heard.
    const age = pending > 0 ? (num(d.oldest_pending_age_s) ?? 0) + (seenAgo ?? 0) : 0
    const version = String(d.pos_version ?? '')
    const flags: FleetFlag[] = []
    if (seenAgo === null || seenAgo > STALE_AFTER_S) flags.push('stale')
    if (age > STUCK_AFTER_S) flags.push('stuck')
    if (newest && version && compareVersions(version, newest) < 0) flags.push('skew')
    const status = statusOf.get(String(d.device_id)) ?? 'active'
    if (status === 'disabled') flags.push('disabled')
    const free = num(d.free_disk_bytes)
    if (free !== null && free < LOW_DISK_BYTES) flags.push('low_disk')
    // 'unknown' is a printer nothing was printed on yet (a terminal just installed), not one that failed.
    if (d.printer_state && d.printer_state !== 'ready' && d.printer_state !== 'unknown') flags.push('printer')
    const seat = seatOf(d)
    if (seat && (seats.get(seat) ?? 0) > 1) flags.push('clash')
    return {
      store_number: num(store?.store_number),
      store: String(store?.name ?? idOf(d.store_id)),
      terminal_number: num(d.terminal_number),
      device_id: String(d.device_id ?? idOf(d._id)),
      pos_version: version,
      os: String(d.os ?? ''),
      last_seen: lastSeen,
      seen_ago_s: seenAgo,
      last_sync_at: dateOf(d.last_sync_at),
      outbox_pending: pending,
      oldest_pending_age_s: age,
      printer_state: typeof d.printer_state === 'string' ? d.printer_state : null,
      free_disk_bytes: free,
      db_size_bytes: num(d.db_size_bytes),
      status,
      flags,
    }
  })
  rows.sort(
    (a, b) =>
      (a.store_number ?? 1e9) - (b.store_number ?? 1e9) ||
      (a.terminal_number ?? 1e9) - (b.terminal_number ?? 1e9) ||
      a.device_id.localeCompare(b.device_id),
  )
  return { rows, newest }
}

const ago = (s: number | null) =>
  s === null
    ? 'never'
    : s < 120
      ? `${s}s`
      : s < 7200
        ? `${Math.round(s / 60)}m`
        : s < 172_800
          ? `${Math.round(s / 3600)}h`
          : `${Math.round(s / 86_400)}d`
const bytes = (n: number | null) =>
  n === null ? '?' : n >= 1e9 ? `${(n / 1e9).toFixed(1)} GB` : `${Math.round(n / 1e6)} MB`

/** Exit 1 for monitoring: a terminal stale, stuck, or sharing its number with another of its store. */
export const needsIt = (r: FleetRow) => r.flags.some((f) => f === 'stale' || f === 'stuck' || f === 'clash')

/** Only the rows of one store (by number), or only those flagged: what `--store` and `--flagged` keep. */
export function filterFleet(
  report: ReturnType<typeof fleetReport>,
  by: { store?: number; flagged?: boolean },
): ReturnType<typeof fleetReport> {
  return {
    ...report,
    rows: report.rows.filter(
      (r) => (by.store === undefined || r.store_number === by.store) && (!by.flagged || r.flags.length > 0),
    ),
  }
}

/** The report as a table IT reads in a terminal window. */
export function fleetTable(report: ReturnType<typeof fleetReport>): string {
  const head = [
    'store',
    'term',
    'device',
    'version',
    'seen',
    'pending',
    'oldest',
    'printer',
    'disk free',
    'db',
    'status',
    'flags',
  ]
  const lines = report.rows.map((r) => [
    `${r.store_number ?? '?'} ${r.store}`,
    String(r.terminal_number ?? '?'),
    r.device_id,
    r.pos_version,
    ago(r.seen_ago_s),
    String(r.outbox_pending),
    r.outbox_pending ? ago(r.oldest_pending_age_s) : '-',
    r.printer_state ?? '?',
    bytes(r.free_disk_bytes),
    bytes(r.db_size_bytes),
    r.status,
    r.flags.map((f) => f.toUpperCase()).join(' '),
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)))
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd()
  const flagged = report.rows.filter((r) => r.flags.length).length
  return [
    fmt(head),
    ...lines.map(fmt),
    '',
    `${report.rows.length} terminals, newest version ${report.newest ?? '-'}, ${flagged} flagged (STALE: no heartbeat for an hour; STUCK: records waiting over a day; SKEW: behind the newest version; DISABLED: stopped from central; LOW_DISK: under 1 GB free; PRINTER: its last job failed or its printer is not set; CLASH: another terminal of its store has its number).`,
  ].join('\n')
}
