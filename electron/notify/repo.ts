import type { NotificationList, NotificationType, NotificationView } from '../../shared/contract'
import { stmt } from '../core/deps'
import { enqueue } from '../outbox/repo'
import type { ReadDB, WriteDB } from '../store/db'

export type { NotificationType }

export interface NewNotification {
  _id: string
  /** null: for every manager of the store. */
  user_id: string | null
  title: string
  message: string
  type: NotificationType
  created_at: string
}

/**
 * The one writer of the notifications table (seed `notifications`). Call inside the caller's transaction: the
 * notification is queued for central in it too.
 */
export function insertNotification(db: WriteDB, n: NewNotification): void {
  stmt(
    db,
    'INSERT INTO notifications (_id, user_id, title, message, type, created_at) VALUES (@_id, @user_id, @title, @message, @type, @created_at)',
  ).run(n)
  enqueue(db, 'notifications', n._id, 'insert', { ...n, is_read: false }, n.created_at)
}

const TYPES: NotificationType[] = ['inventory_alert', 'sales_summary', 'compliance', 'marketing']

/**
 * The centre's list for a user: theirs and the store's (user_id null, the managers' shared inbox), newest
 * first, with the unread counts.
 */
export function listNotifications(
  db: ReadDB,
  userId: string,
  opts: { type?: NotificationType; limit: number },
): NotificationList {
  const rows = stmt(
    db,
    `SELECT _id, title, message, type, is_read, created_at FROM notifications
     WHERE (user_id IS NULL OR user_id = @user) AND (@type IS NULL OR type = @type)
     ORDER BY created_at DESC, _id DESC LIMIT @limit`,
  ).all({ user: userId, type: opts.type ?? null, limit: opts.limit }) as (Omit<NotificationView, 'is_read'> & {
    is_read: number
  })[]
  const unread = stmt(
    db,
    `SELECT type, COUNT(*) AS n FROM notifications WHERE is_read = 0 AND (user_id IS NULL OR user_id = ?) GROUP BY type`,
  ).all(userId) as { type: NotificationType; n: number }[]
  const byType = Object.fromEntries(TYPES.map((t) => [t, 0])) as Record<NotificationType, number>
  for (const u of unread) byType[u.type] = u.n
  return {
    notifications: rows.map((r) => ({ ...r, is_read: r.is_read === 1 })),
    unread: unread.reduce((s, u) => s + u.n, 0),
    unread_by_type: byType,
  }
}

/** Marks these (the user's or the store's) read, each queued for central; answers how many changed. */
export function markRead(
  db: WriteDB,
  userId: string,
  now: string,
  which: { ids: string[] } | { type?: NotificationType },
): number {
  const changed = (
    'ids' in which
      ? stmt(
          db,
          `UPDATE notifications SET is_read = 1 WHERE is_read = 0 AND (user_id IS NULL OR user_id = ?)
           AND _id IN (SELECT value FROM json_each(?)) RETURNING _id`,
        ).all(userId, JSON.stringify(which.ids))
      : stmt(
          db,
          `UPDATE notifications SET is_read = 1 WHERE is_read = 0 AND (user_id IS NULL OR user_id = ?)
           AND (? IS NULL OR type = ?) RETURNING _id`,
        ).all(userId, which.type ?? null, which.type ?? null)
  ) as { _id: string }[]
  for (const { _id } of changed) enqueue(db, 'notifications', _id, 'update', { _id, is_read: true, read_at: now }, now)
  return changed.length
}

/** Unread for the status bar's bell, from the one row the triggers keep (migration 12). */
export function unreadCount(db: ReadDB): number {
  return (stmt(db, 'SELECT notifications_unread AS n FROM status_counts WHERE id = 1').get() as { n: number }).n
}

/**
 * A store-wide alert whose cause is gone (the shift it asked a sign-off for is signed off): marked read, queued
 * for central, in the caller's transaction. Found by its title and the start of its message, which name the
 * shift and the terminal.
 */
export function resolveAlerts(db: WriteDB, now: string, title: string, messageContains: string): number {
  const changed = stmt(
    db,
    `UPDATE notifications SET is_read = 1 WHERE is_read = 0 AND user_id IS NULL AND title = ? AND instr(message, ?) > 0
     RETURNING _id`,
  ).all(title, messageContains) as { _id: string }[]
  for (const { _id } of changed) enqueue(db, 'notifications', _id, 'update', { _id, is_read: true, read_at: now }, now)
  return changed.length
}
