/** A logged-in window or browser tab: who, and whether its screen is locked. */
export interface Session {
  userId: string
  locked: boolean
}

/**
 * The one store of sessions, keyed by transport (the web host's cookie, Electron's sender id) so a page
 * cannot pick another's. Auth writes it (login, lock, unlock, logout); the dispatcher reads it on every
 * call and drops a session whose user is gone or inactive; the transports read it to gate events.
 */
export class SessionStore {
  private readonly map = new Map<string, Session>()

  get(id: string): Session | null {
    return this.map.get(id) ?? null
  }

  has(id: string): boolean {
    return this.map.has(id)
  }

  open(id: string, userId: string): void {
    this.map.set(id, { userId, locked: false })
  }

  lock(id: string): void {
    const s = this.map.get(id)
    if (s) this.map.set(id, { ...s, locked: true })
  }

  end(id: string): void {
    this.map.delete(id)
  }

  /** Every session of a user: ended together when the user is deactivated. */
  endUser(userId: string): void {
    for (const [id, s] of this.map) if (s.userId === userId) this.map.delete(id)
  }
}
