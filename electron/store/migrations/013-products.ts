import type { Migration } from './index'

// Merchandise (issue 12): the seed's suppliers, products and inventory_transactions, field names kept. Money is
// integer minor units like everywhere else (the seed's 25.99 is 2599 here); tags are a JSON array. A product may
// carry an EAN-13 or UPC-A barcode besides its SKU, and an age check (tobacco, alcohol).
export const m013: Migration = {
  version: 13,
  name: 'products',
  sql: `
CREATE TABLE suppliers (
  _id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  contact_name TEXT,
  contact_email TEXT,
  contact_phone TEXT,
  address TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','inactive')),
  payment_terms TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX suppliers_by_name ON suppliers(name COLLATE NOCASE);

CREATE TABLE products (
  _id TEXT PRIMARY KEY,
  product_name TEXT NOT NULL,
  sku TEXT NOT NULL,
  barcode TEXT,
  category TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  quantity INTEGER NOT NULL DEFAULT 0 CHECK (quantity >= 0),
  price INTEGER NOT NULL CHECK (price >= 0),
  supplier_id TEXT REFERENCES suppliers(_id),
  location TEXT NOT NULL DEFAULT '',
  received_date TEXT,
  last_updated TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'in_stock' CHECK (status IN ('in_stock','out_of_stock','discontinued')),
  tags TEXT NOT NULL DEFAULT '[]',
  image_url TEXT,
  age_check INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX products_by_sku ON products(sku COLLATE NOCASE);
CREATE UNIQUE INDEX products_by_barcode ON products(barcode) WHERE barcode IS NOT NULL;
CREATE INDEX products_by_name ON products(product_name COLLATE NOCASE);

CREATE TABLE inventory_transactions (
  _id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products(_id),
  transaction_type TEXT NOT NULL CHECK (transaction_type IN ('purchase','sale','adjustment')),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
  total_value INTEGER NOT NULL CHECK (total_value = quantity * unit_price),
  transaction_date TEXT NOT NULL,
  reference_number TEXT NOT NULL,
  transaction_status TEXT NOT NULL CHECK (transaction_status IN ('pending','completed','cancelled')),
  supplier_id TEXT REFERENCES suppliers(_id),
  store_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX inventory_transactions_by_reference ON inventory_transactions(reference_number, transaction_status);
CREATE INDEX inventory_transactions_by_product ON inventory_transactions(product_id, transaction_date);
`,
}
