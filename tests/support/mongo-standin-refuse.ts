import type { Document } from 'bson'
import { MongoServerError } from 'mongodb'

/**
 * What the MongoDB stand-in (NOT MongoDB) models, and the one error it raises
 * for everything else. An option, operator, stage or command it would have to
 * ignore is refused instead, so a test can never pass on semantics the
 * stand-in does not have. The error is MongoDB's CommandNotSupported (115)
 * plus `standin: true` and `unsupported` naming what was refused (and
 * `unsupportedCommand`, the command's name); a real server never sets those
 * fields, which is how provisioning tells the stand-in's known gap (it has no
 * users or roles) from a real refusal.
 */
export const UNSUPPORTED_CODE = 115
export const UNSUPPORTED_CODE_NAME = 'CommandNotSupported'

export function unsupported(
  what: string,
  why = 'only what the sync engine uses is modelled',
  extra: Document = {},
): MongoServerError {
  const errmsg = `the MongoDB stand-in does not support ${what} (${why}; it is not MongoDB)`
  return new MongoServerError({
    message: errmsg,
    errmsg,
    code: UNSUPPORTED_CODE,
    codeName: UNSUPPORTED_CODE_NAME,
    standin: true,
    unsupported: what,
    ...extra,
  })
}

/** A command the stand-in does not model; `unsupportedCommand` carries its name (createRole: no users or roles). */
export function unsupportedCommand(name: string): MongoServerError {
  const why = /role|user/i.test(name) ? 'it has no users or roles' : undefined
  return unsupported(`the command '${name}'`, why, { unsupportedCommand: name })
}

/** Comparison and logic the stand-in evaluates (through mingo) the way MongoDB does for the values the engine uses. */
const FIELD_OPERATORS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$not'])
const LOGICAL_OPERATORS = new Set(['$and', '$or', '$nor'])
const UPDATE_OPERATORS = new Set(['$set', '$unset', '$inc', '$currentDate'])

const isPlain = (v: unknown): v is Document =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)

const isRegex = (v: unknown) => v instanceof RegExp || (v as { _bsontype?: string } | null)?._bsontype === 'BSONRegExp'

/** Refuses every key of `options` (set to anything but undefined) that `allowed` does not name. */
export function checkOptions(where: string, options: Document | undefined | null, allowed: readonly string[]): void {
  if (options == null) return
  for (const [key, value] of Object.entries(options))
    if (value !== undefined && !allowed.includes(key)) throw unsupported(`the ${where} option '${key}'`)
}

/** A query filter: equality on fields and documents, FIELD_OPERATORS on fields, LOGICAL_OPERATORS over filters. */
export function checkFilter(filter: unknown, where = 'query'): void {
  if (filter == null) return
  if (!isPlain(filter)) throw unsupported(`a ${where} filter that is not a document`)
  for (const [key, value] of Object.entries(filter)) {
    if (key.startsWith('$')) {
      if (!LOGICAL_OPERATORS.has(key)) throw unsupported(`the ${where} operator '${key}'`)
      if (!Array.isArray(value) || value.length === 0) throw unsupported(`'${key}' with anything but a list of filters`)
      for (const f of value) checkFilter(f, where)
    } else checkCondition(value, where)
  }
}

function checkCondition(value: unknown, where: string): void {
  if (isRegex(value)) throw unsupported(`regular expressions in a ${where}`)
  if (!isPlain(value)) return
  const keys = Object.keys(value)
  if (!keys.some((k) => k.startsWith('$'))) return // equality with an embedded document
  for (const op of keys) {
    if (!FIELD_OPERATORS.has(op)) throw unsupported(`the ${where} operator '${op}'`)
    const arg = value[op]
    if ((op === '$in' || op === '$nin') && !Array.isArray(arg)) throw unsupported(`'${op}' without a list`)
    if ((op === '$in' || op === '$nin') && arg.some(isRegex)) throw unsupported(`regular expressions in '${op}'`)
    if (op === '$not') {
      if (!isPlain(arg) || !Object.keys(arg).every((k) => k.startsWith('$')))
        throw unsupported(`'$not' with anything but operators`)
      checkCondition(arg, where)
    }
  }
}

/** An update document of UPDATE_OPERATORS on plain (possibly dotted) field paths. */
export function checkUpdate(update: unknown): void {
  if (Array.isArray(update)) throw unsupported('update pipelines')
  if (!isPlain(update)) throw unsupported('an update that is not a document')
  const keys = Object.keys(update)
  if (keys.length === 0 || !keys.every((k) => k.startsWith('$')))
    throw unsupported('replacement documents in an update', 'updateOne takes update operators')
  for (const op of keys) {
    if (!UPDATE_OPERATORS.has(op)) throw unsupported(`the update operator '${op}'`)
    const fields = update[op]
    if (!isPlain(fields)) throw unsupported(`'${op}' with anything but a document`)
    for (const [path, v] of Object.entries(fields)) {
      if (path.split('.').some((p) => p.startsWith('$'))) throw unsupported(`the positional path '${path}' in '${op}'`)
      if (op === '$currentDate' && v !== true && !(isPlain(v) && v.$type === 'date' && Object.keys(v).length === 1))
        throw unsupported(`'$currentDate' with ${JSON.stringify(v)}`, "only true and { $type: 'date' } are modelled")
    }
  }
}

/** Sort and index keys: ascending or descending fields only. */
export function checkKeys(spec: unknown, where: string): asserts spec is Record<string, 1 | -1> {
  if (!isPlain(spec) || Object.keys(spec).length === 0) throw unsupported(`a ${where} that is not a document of fields`)
  for (const [key, v] of Object.entries(spec)) {
    if (key.startsWith('$')) throw unsupported(`'${key}' in a ${where}`)
    if (v !== 1 && v !== -1)
      throw unsupported(`the ${where} ${JSON.stringify({ [key]: v })}`, 'only 1 and -1 are modelled')
  }
}

/** Inclusion or exclusion of fields; no $slice, $elemMatch or expressions. */
export function checkProjection(projection: unknown): void {
  if (projection == null) return
  if (!isPlain(projection)) throw unsupported('a projection that is not a document')
  for (const [key, v] of Object.entries(projection))
    if (key.startsWith('$') || ![0, 1, true, false].includes(v as never))
      throw unsupported(
        `the projection ${JSON.stringify({ [key]: v })}`,
        'only including or excluding fields is modelled',
      )
}

/** A view pipeline of $match stages (combined with $and); every other stage is refused. */
export function matchOfPipeline(pipeline: unknown): Document {
  if (pipeline == null) return {}
  if (!Array.isArray(pipeline)) throw unsupported('a pipeline that is not a list of stages')
  const matches = pipeline.map((stage: unknown) => {
    const keys = isPlain(stage) ? Object.keys(stage) : []
    if (keys.length !== 1 || keys[0] !== '$match')
      throw unsupported(`the pipeline stage '${keys.join(', ') || JSON.stringify(stage)}'`, 'views model $match only')
    checkFilter((stage as Document).$match, 'view $match')
    return (stage as Document).$match as Document
  })
  return matches.length === 0 ? {} : matches.length === 1 ? matches[0] : { $and: matches }
}
