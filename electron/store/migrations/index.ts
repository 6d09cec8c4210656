import type Database from 'better-sqlite3'
import { m001 } from './001-init'
import { m002 } from './002-sync'
import { m003 } from './003-claims'
import { m004 } from './004-integrity'
import { m005 } from './005-pins'
import { m006 } from './006-normalize-instants'
import { m007 } from './007-status-counts'
import { m008 } from './008-draws-by-date'
import { m009 } from './009-sale-tenders'
import { m010 } from './010-ticket-paper'
import { m011 } from './011-shifts'
import { m012 } from './012-stock'
import { m013 } from './013-products'
import { m014 } from './014-instant'
import { m015 } from './015-one-cart'
import { m016 } from './016-outbox-retention'
import { m017 } from './017-report-records'
import { m018 } from './018-sales-hours'
import { m019 } from './019-budgets'
import { m020 } from './020-user-admin'
import { m021 } from './021-budget-days'
import { m022 } from './022-budget-one-off'

/**
 * A numbered step of the schema: SQL, or code for a step that moves data (after Signal Desktop's
 * `updateToSchemaVersionN(db)`). Each runs in its own transaction. A code migration has an upgrade test:
 * migrate to N-1, insert rows in the old shape, migrate to N, assert (see migrate.test.ts).
 */
export type Migration = (
  | { version: number; name: string; sql: string; up?: undefined }
  | { version: number; name: string; sql?: undefined; up: (db: Database.Database) => void }
) & {
  /**
   * Rebuilds a table other tables refer to (SQLite's twelve steps: a new CHECK needs a new table): foreign keys
   * are off while it runs, and checked whole before its transaction commits.
   */
  rebuildsReferenced?: true
}

/** Append only. A landed migration is never edited: migrations.lock.json and its test enforce it. */
export const migrations: Migration[] = [
  m001,
  m002,
  m003,
  m004,
  m005,
  m006,
  m007,
  m008,
  m009,
  m010,
  m011,
  m012,
  m013,
  m014,
  m015,
  m016,
  m017,
  m018,
  m019,
  m020,
  m021,
  m022,
]
