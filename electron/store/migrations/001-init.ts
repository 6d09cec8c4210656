import type { Migration } from './index'

// Field names follow the seed collections. Money columns are integer minor
// units; dates are ISO-8601 UTC text; ids are ObjectId hex; JSON columns hold
// the seed's nested objects and arrays.
export const m001: Migration = {
  version: 1,
  name: 'init',
  sql: `
CREATE TABLE stores (
  _id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  store_number INTEGER NOT NULL UNIQUE CHECK (store_number BETWEEN 0 AND 9999),
  location TEXT NOT NULL DEFAULT '{}',
  contact_person TEXT,
  contact_phone TEXT,
  store_type TEXT NOT NULL DEFAULT 'retail' CHECK (store_type IN ('retail','digital')),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','suspended')),
  currency TEXT NOT NULL DEFAULT 'USD',
  timezone TEXT NOT NULL DEFAULT 'UTC',
  tax_rate_bps INTEGER NOT NULL DEFAULT 0 CHECK (tax_rate_bps >= 0),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE users (
  _id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  role TEXT NOT NULL CHECK (role IN ('admin','manager','staff')),
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  store_id TEXT NOT NULL REFERENCES stores(_id),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','inactive')),
  last_login TEXT,
  permissions TEXT NOT NULL DEFAULT '[]',
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE lotteries (
  _id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  code TEXT NOT NULL UNIQUE,
  draw_time TEXT NOT NULL CHECK (draw_time GLOB '[0-2][0-9]:[0-5][0-9]'),
  draw_days TEXT NOT NULL,
  sales_cutoff_minutes INTEGER NOT NULL DEFAULT 0 CHECK (sales_cutoff_minutes >= 0),
  prize_structure TEXT NOT NULL DEFAULT '[]',
  ticket_price INTEGER NOT NULL CHECK (ticket_price > 0),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','inactive')),
  cancellable INTEGER NOT NULL DEFAULT 0,
  cancel_window_minutes INTEGER NOT NULL DEFAULT 0,
  pick_count INTEGER NOT NULL CHECK (pick_count > 0),
  pick_min INTEGER NOT NULL,
  pick_max INTEGER NOT NULL,
  max_tickets_per_sale INTEGER NOT NULL DEFAULT 100,
  hotkey TEXT NOT NULL DEFAULT '',
  created_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (pick_max - pick_min + 1 >= pick_count)
) STRICT;

CREATE TABLE pos_devices (
  _id TEXT PRIMARY KEY,
  device_id TEXT NOT NULL UNIQUE,
  terminal_number INTEGER NOT NULL CHECK (terminal_number BETWEEN 0 AND 999),
  store_id TEXT NOT NULL REFERENCES stores(_id),
  pos_version TEXT NOT NULL,
  secret TEXT NOT NULL,
  is_self INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'active',
  registered_at TEXT NOT NULL,
  last_seen_at TEXT
) STRICT;
CREATE UNIQUE INDEX pos_devices_self ON pos_devices(is_self) WHERE is_self = 1;

CREATE TABLE inventory (
  _id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores(_id),
  lottery_id TEXT NOT NULL REFERENCES lotteries(_id),
  batch_number TEXT NOT NULL,
  total_stock INTEGER NOT NULL CHECK (total_stock >= 0),
  remaining_stock INTEGER NOT NULL CHECK (remaining_stock >= 0 AND remaining_stock <= total_stock),
  reorder_threshold INTEGER NOT NULL DEFAULT 0,
  restock_flag INTEGER NOT NULL DEFAULT 0,
  last_restocked TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (store_id, lottery_id, batch_number)
) STRICT;
CREATE INDEX inventory_by_game ON inventory(store_id, lottery_id, created_at);

CREATE TABLE inventory_movements (
  _id TEXT PRIMARY KEY,
  inventory_id TEXT NOT NULL REFERENCES inventory(_id),
  store_id TEXT NOT NULL,
  lottery_id TEXT NOT NULL,
  quantity_delta INTEGER NOT NULL CHECK (quantity_delta <> 0),
  reason TEXT NOT NULL CHECK (reason IN ('sale','cancel','restock','adjustment')),
  ref_type TEXT NOT NULL,
  ref_id TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE sales (
  _id TEXT PRIMARY KEY,
  transaction_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  line_no INTEGER NOT NULL,
  ticket_id TEXT NOT NULL,
  store_id TEXT NOT NULL REFERENCES stores(_id),
  user_id TEXT NOT NULL REFERENCES users(_id),
  lottery_id TEXT NOT NULL REFERENCES lotteries(_id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  price INTEGER NOT NULL CHECK (price >= 0),
  payment_method TEXT NOT NULL CHECK (payment_method IN ('cash','card','wallet')),
  tax INTEGER NOT NULL CHECK (tax >= 0),
  total_amount INTEGER NOT NULL CHECK (total_amount = price + tax),
  sale_time TEXT NOT NULL,
  device_info TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (request_id, line_no)
) STRICT;
CREATE INDEX sales_by_time ON sales(store_id, sale_time);
CREATE INDEX sales_by_txn ON sales(transaction_id);

CREATE TABLE tickets (
  _id TEXT PRIMARY KEY,
  ticket_number TEXT NOT NULL UNIQUE,
  validation_code TEXT NOT NULL,
  sale_id TEXT NOT NULL REFERENCES sales(_id),
  lottery_id TEXT NOT NULL REFERENCES lotteries(_id),
  store_id TEXT NOT NULL REFERENCES stores(_id),
  user_id TEXT NOT NULL REFERENCES users(_id),
  purchase_datetime TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'sold' CHECK (status IN ('sold','cancelled','won')),
  winning_amount INTEGER NOT NULL DEFAULT 0,
  draw_date TEXT NOT NULL,
  numbers TEXT NOT NULL,
  quick_pick INTEGER NOT NULL,
  price INTEGER NOT NULL,
  payment_method TEXT NOT NULL CHECK (payment_method IN ('cash','card','wallet')),
  device_info TEXT NOT NULL,
  customer_info TEXT,
  print_status TEXT NOT NULL DEFAULT 'pending' CHECK (print_status IN ('pending','printing','printed','failed')),
  print_error TEXT,
  print_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX tickets_by_sale ON tickets(sale_id);
CREATE INDEX tickets_by_draw ON tickets(lottery_id, draw_date);
CREATE INDEX tickets_by_time ON tickets(purchase_datetime);
CREATE INDEX tickets_print_pending ON tickets(print_status) WHERE print_status <> 'printed';

CREATE TABLE audit_logs (
  _id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE CHECK (seq > 0),
  user_id TEXT,
  action TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT,
  description TEXT NOT NULL,
  ip_address TEXT,
  device_info TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;

CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  collection TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('insert','inventory_decrement','update')),
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','acked','dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  acked_at TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox(status, seq);

CREATE TABLE notifications (
  _id TEXT PRIMARY KEY,
  user_id TEXT,
  title TEXT NOT NULL,
  message TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('inventory_alert','sales_summary','compliance','marketing')),
  is_read INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
`,
}
