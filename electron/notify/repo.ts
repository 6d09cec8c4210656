import { stmt } from '../core/deps'
import type { WriteDB } from '../store/db'

export type NotificationType = 'inventory_alert' | 'sales_summary' | 'compliance' | 'marketing'

export interface NewNotification {
  _id: string
  /** null: for every manager of the store. */
  user_id: string | null
  title: string
  message: string
  type: NotificationType
  created_at: string
}

/** The one writer of the notifications table (seed `notifications`). Call inside the caller's transaction. */
export function insertNotification(db: WriteDB, n: NewNotification): void {
  stmt(
    db,
    'INSERT INTO notifications (_id, user_id, title, message, type, created_at) VALUES (@_id, @user_id, @title, @message, @type, @created_at)',
  ).run(n)
}
