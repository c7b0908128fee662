-- =============================================================================
-- 0300 ar: tables of accounts receivable
--   invoices (IV-…, unique accounting invoice_number) and payments (PY-…,
--   unique reference per invoice). Outstanding, overdue, aging and DSO are
--   never stored: they are functions of an as-of date (0301) and views for
--   "today" (0303), so they always reflect committed writes.
-- =============================================================================

-- --------------------------------------------------------------- invoices ---
CREATE TABLE app.invoices (
  invoice_id      text PRIMARY KEY,
  invoice_number  text NOT NULL CHECK (length(invoice_number) BETWEEN 1 AND 64 AND invoice_number = btrim(invoice_number)),
  customer_id     text NOT NULL REFERENCES app.customers(customer_id),
  invoice_date    date NOT NULL,
  due_date        date NOT NULL,
  amount          numeric(18, 2) NOT NULL CHECK (amount > 0),
  currency        text NOT NULL DEFAULT 'IDR' CHECK (currency = 'IDR'),
  notes           text CHECK (length(notes) <= 2000),
  import_id       text,
  created_by      uuid NOT NULL DEFAULT auth.uid() REFERENCES app.profiles(user_id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT invoices_due_not_before_invoice CHECK (due_date >= invoice_date)
);
CREATE UNIQUE INDEX invoices_number_key ON app.invoices (invoice_number);
CREATE INDEX invoices_customer_idx ON app.invoices (customer_id, invoice_date);
CREATE INDEX invoices_date_idx ON app.invoices (invoice_date DESC, invoice_id DESC);
CREATE INDEX invoices_due_idx ON app.invoices (due_date);
CREATE INDEX invoices_number_trgm_idx ON app.invoices USING gin (invoice_number gin_trgm_ops);
CREATE INDEX invoices_import_idx ON app.invoices (import_id) WHERE import_id IS NOT NULL;
COMMENT ON TABLE app.invoices IS
  'Customer invoices from the accounting system: invoice_number unique, due_date >= invoice_date, amount > 0 in IDR. Status, paid and outstanding amounts are derived (app.ar_invoice_outstanding / v_invoice_outstanding), never stored.';

-- --------------------------------------------------------------- payments ---
CREATE TABLE app.payments (
  payment_id    text PRIMARY KEY,
  invoice_id    text NOT NULL REFERENCES app.invoices(invoice_id),
  payment_date  date NOT NULL,
  amount        numeric(18, 2) NOT NULL CHECK (amount > 0),
  method        text NOT NULL DEFAULT 'transfer' CHECK (method IN ('transfer', 'cash', 'giro', 'offset', 'other')),
  reference     text NOT NULL CHECK (length(reference) BETWEEN 1 AND 100 AND reference = btrim(reference)),
  notes         text CHECK (length(notes) <= 2000),
  import_id     text,
  created_by    uuid NOT NULL DEFAULT auth.uid() REFERENCES app.profiles(user_id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payments_reference_per_invoice_key UNIQUE (invoice_id, reference)
);
CREATE INDEX payments_invoice_idx ON app.payments (invoice_id, payment_date);
CREATE INDEX payments_date_idx ON app.payments (payment_date DESC, payment_id DESC);
CREATE INDEX payments_import_idx ON app.payments (import_id) WHERE import_id IS NOT NULL;
COMMENT ON TABLE app.payments IS
  'Payments received against one invoice. The reference (bank transfer id, giro number …) is unique per invoice, so a retried import or request never records a payment twice; a payment larger than the outstanding amount is refused (app.payment_before_insert locks the invoice row).';
