import { m001 } from './001-init'
import { m002 } from './002-sync'
import { m003 } from './003-claims'
import { m004 } from './004-integrity'
import { m005 } from './005-pins'

export interface Migration {
  version: number
  name: string
  sql: string
}

/** Append only. A landed migration is never edited: migrations.lock.json and its test enforce it. */
export const migrations: Migration[] = [m001, m002, m003, m004, m005]
