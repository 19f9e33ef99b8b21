import type { Migration } from './migration';
import { SEED_POLICY } from '@shared/policy';
import { DEFAULT_ZONE } from '../time';

/** Core schema. Instants are epoch milliseconds (UTC); dates are `YYYY-MM-DD` text; money is integer fen. */
const SQL = `
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  customer_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('individual', 'enterprise')),
  realname_verified INTEGER NOT NULL CHECK (realname_verified IN (0, 1)),
  phone_verified INTEGER NOT NULL CHECK (phone_verified IN (0, 1)),
  registered_at INTEGER
) STRICT;

CREATE TABLE orders (
  order_id TEXT PRIMARY KEY,
  cust INTEGER NOT NULL REFERENCES customers(id),
  placed_at INTEGER NOT NULL,
  amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
  status TEXT NOT NULL CHECK (status IN ('paid', 'refunded')),
  category TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX orders_by_customer ON orders (cust, placed_at, status, amount_fen);

CREATE TABLE referrals (
  referrer INTEGER NOT NULL REFERENCES customers(id),
  referred INTEGER NOT NULL REFERENCES customers(id),
  referred_at INTEGER NOT NULL,
  PRIMARY KEY (referrer, referred)
) STRICT, WITHOUT ROWID;

CREATE TABLE contributions (
  cust INTEGER NOT NULL REFERENCES customers(id),
  kind TEXT NOT NULL,
  at INTEGER NOT NULL,
  points INTEGER NOT NULL CHECK (points >= 0),
  PRIMARY KEY (cust, kind, at)
) STRICT, WITHOUT ROWID;

-- Metrics as of the last evaluation (its as-of date and window are in evaluation_runs).
CREATE TABLE customer_metrics (
  cust INTEGER PRIMARY KEY REFERENCES customers(id),
  cumulative_fen INTEGER NOT NULL,
  paid_orders INTEGER NOT NULL,
  window_fen INTEGER NOT NULL,
  window_orders INTEGER NOT NULL,
  annual_fen INTEGER NOT NULL,
  active_referrals INTEGER NOT NULL,
  contribution_points INTEGER NOT NULL
) STRICT;
CREATE INDEX metrics_cumulative ON customer_metrics (cumulative_fen);
CREATE INDEX metrics_window ON customer_metrics (window_fen);
CREATE INDEX metrics_annual ON customer_metrics (annual_fen);

CREATE TABLE policies (
  version INTEGER PRIMARY KEY,
  document TEXT NOT NULL,
  published_at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  reason TEXT
) STRICT;

CREATE TABLE overrides (
  id INTEGER PRIMARY KEY,
  cust INTEGER NOT NULL REFERENCES customers(id),
  tier TEXT NOT NULL CHECK (tier IN ('none', 'regular', 'silver', 'gold', 'diamond', 'supreme')),
  reason TEXT NOT NULL,
  actor TEXT NOT NULL,
  set_on TEXT NOT NULL,
  set_at INTEGER NOT NULL,
  until TEXT,
  cleared_on TEXT,
  cleared_by TEXT,
  cleared_reason TEXT
) STRICT;
CREATE INDEX overrides_by_customer ON overrides (cust, id);

-- What the customer has. A customer without a row has never been evaluated: tier none.
CREATE TABLE assignments (
  cust INTEGER PRIMARY KEY REFERENCES customers(id),
  tier TEXT NOT NULL CHECK (tier IN ('none', 'regular', 'silver', 'gold', 'diamond', 'supreme')),
  computed_tier TEXT NOT NULL CHECK (computed_tier IN ('none', 'regular', 'silver', 'gold', 'diamond', 'supreme')),
  pending_tier TEXT CHECK (pending_tier IN ('regular', 'silver', 'gold', 'diamond', 'supreme')),
  protected_until TEXT,
  since TEXT,
  override_id INTEGER REFERENCES overrides(id)
) STRICT;
CREATE INDEX assignments_tier ON assignments (tier);
CREATE INDEX assignments_pending ON assignments (pending_tier) WHERE pending_tier IS NOT NULL;

CREATE TABLE tier_history (
  id INTEGER PRIMARY KEY,
  cust INTEGER NOT NULL REFERENCES customers(id),
  from_tier TEXT NOT NULL,
  to_tier TEXT NOT NULL,
  on_date TEXT NOT NULL,
  cause TEXT NOT NULL CHECK (cause IN ('evaluation', 'protection_expiry', 'review', 'override', 'policy')),
  policy_version INTEGER,
  actor TEXT NOT NULL,
  reason TEXT,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX tier_history_by_customer ON tier_history (cust, id);
CREATE TRIGGER tier_history_no_update BEFORE UPDATE ON tier_history BEGIN SELECT RAISE(ABORT, 'tier history is append-only'); END;
CREATE TRIGGER tier_history_no_delete BEFORE DELETE ON tier_history BEGIN SELECT RAISE(ABORT, 'tier history is append-only'); END;

CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  cust INTEGER NOT NULL REFERENCES customers(id),
  from_tier TEXT NOT NULL,
  pending_tier TEXT NOT NULL,
  opened_on TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'approved', 'rejected', 'lapsed')),
  decided_on TEXT,
  actor TEXT,
  reason TEXT
) STRICT;
CREATE UNIQUE INDEX reviews_one_open ON reviews (cust) WHERE status = 'open';
CREATE INDEX reviews_by_customer ON reviews (cust, id);

CREATE TABLE evaluation_runs (
  id INTEGER PRIMARY KEY,
  as_of TEXT NOT NULL,
  policy_version INTEGER NOT NULL,
  window_months INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  customers INTEGER NOT NULL,
  counts TEXT NOT NULL,
  gmv_fen TEXT NOT NULL,
  upgrades INTEGER NOT NULL,
  downgrades INTEGER NOT NULL,
  pending_reviews INTEGER NOT NULL,
  protected INTEGER NOT NULL
) STRICT;
CREATE INDEX evaluation_runs_as_of ON evaluation_runs (as_of, id);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT,
  before TEXT,
  after TEXT,
  details TEXT
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`;

export const migration001: Migration = {
  version: 1,
  name: 'core',
  up(db, { now }) {
    db.exec(SQL);
    // A new database starts with the platform's time zone and the seed policy as version 1.
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('timezone', DEFAULT_ZONE);
    db.prepare('INSERT INTO policies (version, document, published_at, actor, reason) VALUES (1, ?, ?, ?, ?)').run(
      JSON.stringify(SEED_POLICY),
      now(),
      'system',
      'seed policy (seed 000)',
    );
  },
};
