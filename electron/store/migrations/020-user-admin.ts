import type { Migration } from './index'

// Users, roles and permissions (issue 16). The users table is rebuilt (SQLite cannot change a CHECK) for:
// - the accountant role (reports and budgets, never a sale);
// - must_change_pin: a one-time PIN (a new user, a reset) works once, for Change PIN only;
// - pin_set_at: when this terminal last set the PIN, the time central's newer PIN must beat (sync/catalog.ts);
// - central_pin_salt: the salt of the last PIN verifier taken from central (null: the row's own), so a pull that
//   carries the same PIN again never undoes a reset made here;
// - pin_handoff: central's form of a PIN set here (a new user, a reset, a change), kept only until central has it,
//   so the user logs in at every terminal of the store (sync/push.ts clears it, scrubbed, once acknowledged);
// - the permissions column holds a JSON array.
// Rows keep every value; sales and tickets refer to users by _id, which does not change. A name too long for the
// new check is cut, and permissions that are not a JSON array become [] (rows an earlier pull stored unchecked).
export const m020: Migration = {
  version: 20,
  name: 'user-admin',
  rebuildsReferenced: true,
  sql: `
CREATE TABLE users_new (
  _id TEXT PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email TEXT,
  phone TEXT,
  role TEXT NOT NULL CHECK (role IN ('admin','manager','staff','accountant')),
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  store_id TEXT NOT NULL REFERENCES stores(_id),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','inactive')),
  last_login TEXT,
  permissions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(permissions) AND json_type(permissions) = 'array'),
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  login_lockouts INTEGER NOT NULL DEFAULT 0 CHECK (login_lockouts >= 0),
  approve_failed INTEGER NOT NULL DEFAULT 0 CHECK (approve_failed >= 0),
  approve_lockouts INTEGER NOT NULL DEFAULT 0 CHECK (approve_lockouts >= 0),
  approve_locked_until TEXT,
  must_change_pin INTEGER NOT NULL DEFAULT 0 CHECK (must_change_pin IN (0, 1)),
  pin_set_at TEXT,
  central_pin_salt TEXT,
  pin_handoff TEXT
) STRICT;
INSERT INTO users_new (_id, name, email, phone, role, username, password_hash, store_id, status, last_login,
  permissions, failed_logins, locked_until, created_at, updated_at, login_lockouts, approve_failed,
  approve_lockouts, approve_locked_until)
SELECT _id, substr(name, 1, 200), email, phone, role, username, password_hash, store_id, status, last_login,
  CASE WHEN json_valid(permissions) AND json_type(permissions) = 'array' THEN permissions ELSE '[]' END, failed_logins, locked_until, created_at, updated_at, login_lockouts, approve_failed,
  approve_lockouts, approve_locked_until FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE INDEX users_by_store ON users(store_id, status);
-- Whether an edit of a user made here is still on its way to central (the pull keeps it until then).
CREATE INDEX outbox_pending_users ON outbox(doc_id) WHERE collection = 'users' AND status = 'pending';
`,
}
