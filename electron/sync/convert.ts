import { ObjectId, type Document } from 'bson'

const HEX_ID = /^[0-9a-f]{24}$/
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/
// Strings that end in _id but are not ObjectIds in the seed (a transaction number, a hardware id).
const NOT_OBJECT_IDS = new Set(['transaction_id', 'device_id', 'request_id'])
const DATE_KEYS = new Set(['timestamp', 'last_login', 'last_restocked', 'last_updated'])
// References to a user that do not end in _id: the seed's reports.generated_by, and who counted, closed and signed off a shift.
const ID_KEYS = new Set(['generated_by', 'counted_by', 'closed_by', 'signed_off_by'])

type KeyKind = 'id' | 'date' | 'ids' | 'plain'
// Field names repeat across every record: decide once per name (push converts tens of thousands per second).
const kinds = new Map<string, KeyKind>()
function kindOf(k: string): KeyKind {
  let kind = kinds.get(k)
  if (kind) return kind
  if (k === '_id' || ID_KEYS.has(k) || (k.endsWith('_id') && !NOT_OBJECT_IDS.has(k))) kind = 'id'
  else if (DATE_KEYS.has(k) || /_(at|date|datetime|time)$/.test(k)) kind = 'date'
  else if (k.endsWith('_ids')) kind = 'ids'
  else kind = 'plain'
  if (kinds.size < 1000) kinds.set(k, kind)
  return kind
}

/**
 * Local JSON (hex ids, ISO text) to the central shape the seed describes
 * (ObjectId, Date), keeping field names. Only values that look right are
 * converted: `draw_time: '13:00'` stays a string, a non-hex `ref_id` stays text.
 */
export function toCentral(payload: Record<string, unknown>): Document {
  const out: Document = {}
  for (const k in payload) {
    const v = payload[k]
    const kind = kindOf(k)
    // A nested record (a report's period, its body) converts the same way, field by field.
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) out[k] = toCentral(v as Record<string, unknown>)
    else if (kind === 'plain' || (typeof v !== 'string' && kind !== 'ids')) out[k] = v
    else if (kind === 'id' && HEX_ID.test(v as string)) out[k] = ObjectId.createFromHexString(v as string)
    else if (kind === 'date' && ISO_DATE.test(v as string)) out[k] = new Date(v as string)
    else if (kind === 'ids' && Array.isArray(v))
      out[k] = v.map((x) => (typeof x === 'string' && HEX_ID.test(x) ? ObjectId.createFromHexString(x) : x))
    else out[k] = v
  }
  return out
}

export const oid = (hex: string) => ObjectId.createFromHexString(hex)

/**
 * By brand, not instanceof: the driver (CommonJS) and this code (ESM) can load
 * two copies of bson, whose ObjectId classes are different objects.
 */
export const isObjectId = (v: unknown): v is ObjectId => (v as { _bsontype?: string } | null)?._bsontype === 'ObjectId'

/** Central values back to plain local text: ObjectId to hex, Date to ISO. */
export function plain(v: unknown): unknown {
  if (isObjectId(v)) return v.toHexString()
  if (v instanceof Date) return v.toISOString()
  if (Array.isArray(v)) return v.map(plain)
  if (v && typeof v === 'object') {
    const bsontype = (v as { _bsontype?: string })._bsontype
    if (bsontype === 'Int32' || bsontype === 'Double' || bsontype === 'Long') return Number(v.valueOf())
    if (bsontype === 'Decimal128') return Number(String(v))
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]))
  }
  return v
}

/**
 * Equal up to representation only: key order, int32 vs double vs long, and
 * ObjectId/Date instances vs their hex/ISO are the same; any other difference
 * (a field added, missing or changed) is a conflict.
 */
export function sameDocument(a: Document, b: Document): boolean {
  return canonical(plain(a)) === canonical(plain(b))
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (v && typeof v === 'object') {
    const keys = Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`
  }
  return JSON.stringify(v ?? null)
}
