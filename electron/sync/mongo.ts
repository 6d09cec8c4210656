import { MongoClient } from 'mongodb'
import type { Connect, TargetDb } from './target'

export interface CentralConfig {
  uri: string
  db_name: string
  username?: string
  password?: string
}

/**
 * Opens the official driver. Timeouts are short on purpose: a terminal that
 * is offline must find out in seconds, not after the driver's 30 s default,
 * and a sale never waits for any of this.
 */
export function mongoConnect(config: CentralConfig, overrides: { serverSelectionTimeoutMS?: number } = {}): Connect {
  return async () => {
    const client = new MongoClient(config.uri, {
      serverSelectionTimeoutMS: overrides.serverSelectionTimeoutMS ?? 5_000,
      connectTimeoutMS: 5_000,
      socketTimeoutMS: 60_000,
      retryWrites: true,
      appName: 'lottery-pos',
      ...(config.username ? { auth: { username: config.username, password: config.password ?? '' } } : {}),
    })
    try {
      await client.connect()
      const db = client.db(config.db_name)
      await db.command({ ping: 1 })
      return { db: db as unknown as TargetDb, close: () => client.close() }
    } catch (err) {
      await client.close().catch(() => {})
      throw err
    }
  }
}
