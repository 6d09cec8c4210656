import { m001 } from './001-init'

export interface Migration {
  version: number
  name: string
  sql: string
}

/** Append only. A landed migration is never edited: migrations.lock.json and its test enforce it. */
export const migrations: Migration[] = [m001]
