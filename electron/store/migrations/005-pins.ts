import type { Migration } from './index'

// PINs (issue 7). Login and unlock keep failed_logins and locked_until, and count their lockouts in a row
// so each lasts twice the one before; a wrong PIN typed into another user's approval dialog counts on its
// own columns, so it locks that user's approvals and never their login. The peppered verifier lives in
// password_hash; converting existing rows needs the pepper, so that step is code (auth preparePins).
export const m005: Migration = {
  version: 5,
  name: 'pins',
  sql: `
ALTER TABLE users ADD COLUMN login_lockouts INTEGER NOT NULL DEFAULT 0 CHECK (login_lockouts >= 0);
ALTER TABLE users ADD COLUMN approve_failed INTEGER NOT NULL DEFAULT 0 CHECK (approve_failed >= 0);
ALTER TABLE users ADD COLUMN approve_lockouts INTEGER NOT NULL DEFAULT 0 CHECK (approve_lockouts >= 0);
ALTER TABLE users ADD COLUMN approve_locked_until TEXT;
`,
}
