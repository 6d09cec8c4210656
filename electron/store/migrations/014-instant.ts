import type { Migration } from './index'

// Instant (scratch) games (issue 12): a game is a draw game or an instant game with a 4-digit game number and
// tickets per pack; its packs go received -> activated -> settled, or returned, or stolen (shared/instant.ts),
// each step a pack event on record and for central.
export const m014: Migration = {
  version: 14,
  name: 'instant',
  sql: `
ALTER TABLE lotteries ADD COLUMN game_type TEXT NOT NULL DEFAULT 'draw' CHECK (game_type IN ('draw','instant'));
ALTER TABLE lotteries ADD COLUMN game_number TEXT CHECK (game_number IS NULL OR (length(game_number) = 4 AND game_number GLOB '[0-9][0-9][0-9][0-9]'));
ALTER TABLE lotteries ADD COLUMN pack_size INTEGER CHECK (pack_size IS NULL OR (pack_size > 0 AND pack_size <= 999));
CREATE UNIQUE INDEX lotteries_by_game_number ON lotteries(game_number) WHERE game_number IS NOT NULL;

CREATE TABLE packs (
  _id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL,
  lottery_id TEXT NOT NULL REFERENCES lotteries(_id),
  pack_number TEXT NOT NULL CHECK (length(pack_number) = 6),
  tickets_per_pack INTEGER NOT NULL CHECK (tickets_per_pack > 0),
  ticket_price INTEGER NOT NULL CHECK (ticket_price > 0),
  status TEXT NOT NULL CHECK (status IN ('received','activated','settled','returned','stolen')),
  sold INTEGER NOT NULL DEFAULT 0 CHECK (sold >= 0 AND sold <= tickets_per_pack),
  received_at TEXT NOT NULL,
  received_by TEXT NOT NULL,
  activated_at TEXT,
  activated_by TEXT,
  ended_at TEXT,
  ended_by TEXT,
  updated_at TEXT NOT NULL,
  UNIQUE (lottery_id, pack_number)
) STRICT;
CREATE INDEX packs_by_status ON packs(status, lottery_id);

CREATE TABLE pack_events (
  _id TEXT PRIMARY KEY,
  pack_id TEXT NOT NULL REFERENCES packs(_id),
  event TEXT NOT NULL CHECK (event IN ('received','activated','settled','returned','stolen')),
  user_id TEXT NOT NULL,
  note TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX pack_events_by_pack ON pack_events(pack_id, created_at);
CREATE TRIGGER pack_events_frozen BEFORE UPDATE ON pack_events BEGIN
  SELECT RAISE(ABORT, 'a pack event never changes');
END;
-- The end of a pack's life is final, whatever a bug above tries.
CREATE TRIGGER packs_final BEFORE UPDATE OF status ON packs WHEN OLD.status IN ('settled','returned','stolen') BEGIN
  SELECT RAISE(ABORT, 'a settled, returned or stolen pack never changes');
END;
`,
}
