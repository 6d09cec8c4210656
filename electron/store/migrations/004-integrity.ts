import type { Migration } from './index'

// Integrity (issue 7). The audit chain becomes keyed (HMAC with a key kept
// outside this file); entries written before keep their plain SHA-256 and say
// so in `alg`, and may only form the start of the chain. `trusted_time` keeps
// the times the terminal trusts beyond its own clock (central's server time, a
// manager's acknowledged correction) so a clock set back is seen at once.
export const m004: Migration = {
  version: 4,
  name: 'integrity',
  sql: `
ALTER TABLE audit_logs ADD COLUMN alg TEXT NOT NULL DEFAULT 'sha256' CHECK (alg IN ('sha256','hmac-sha256'));
CREATE INDEX audit_by_time ON audit_logs(timestamp);

CREATE TABLE trusted_time (
  source TEXT PRIMARY KEY CHECK (source IN ('central','acknowledged','alarm')),
  at TEXT NOT NULL,
  -- For 'acknowledged': audit entries up to this seq carry times a manager declared wrong.
  audit_seq INTEGER NOT NULL DEFAULT 0,
  recorded_at TEXT NOT NULL
) STRICT;

CREATE INDEX notifications_by_type ON notifications(type, created_at);
`,
}
