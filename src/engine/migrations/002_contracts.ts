import type { Migration } from './migration';

/**
 * Supreme partner contracts (spec §8). The engine (src/engine/contracts) checks every rule first and
 * refuses with a message naming it; the constraints and triggers here only make a bug unable to store
 * a state the rules forbid.
 */
const SQL = `
CREATE TABLE contracts (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE CHECK (length(trim(number)) > 0),
  cust INTEGER NOT NULL REFERENCES customers(id),
  status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'suspended', 'expired', 'terminated')),
  start_date TEXT NOT NULL CHECK (date(start_date) IS start_date),
  end_date TEXT NOT NULL CHECK (date(end_date) IS end_date),
  commitment_fen INTEGER NOT NULL CHECK (commitment_fen > 0),
  profit_share REAL NOT NULL CHECK (profit_share >= 0 AND profit_share <= 0.5),
  co_branding_slots INTEGER NOT NULL CHECK (co_branding_slots >= 0),
  inventory_hours INTEGER NOT NULL CHECK (inventory_hours >= 0),
  logistics_channel INTEGER NOT NULL CHECK (logistics_channel IN (0, 1)),
  advisory_seat INTEGER NOT NULL CHECK (advisory_seat IN (0, 1)),
  account_manager TEXT,
  auto_renew INTEGER NOT NULL CHECK (auto_renew IN (0, 1)),
  notes TEXT,
  -- The contract this one renews (a renewal starts the day after its predecessor ends).
  renews INTEGER REFERENCES contracts(id),
  -- Why a renewal draft needs a person: the expiry run could not activate it.
  attention TEXT,
  termination_reason TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (end_date > start_date),
  CHECK (status <> 'terminated' OR length(trim(termination_reason)) > 0)
) STRICT;
CREATE INDEX contracts_by_customer ON contracts (cust, start_date);
CREATE INDEX contracts_by_status ON contracts (status, end_date);
CREATE UNIQUE INDEX contracts_one_active ON contracts (cust) WHERE status = 'active';
-- One live renewal per contract; a cancelled (terminated) renewal frees the place.
CREATE UNIQUE INDEX contracts_one_renewal ON contracts (renews) WHERE renews IS NOT NULL AND status <> 'terminated';

CREATE TRIGGER contracts_insert_draft BEFORE INSERT ON contracts WHEN NEW.status <> 'draft'
BEGIN SELECT RAISE(ABORT, 'a contract is created as a draft'); END;
CREATE TRIGGER contracts_no_delete BEFORE DELETE ON contracts
BEGIN SELECT RAISE(ABORT, 'contracts are never deleted; terminate a draft to cancel it'); END;
CREATE TRIGGER contracts_transition BEFORE UPDATE OF status ON contracts
WHEN OLD.status <> NEW.status AND NOT (
  (OLD.status = 'draft' AND NEW.status IN ('active', 'terminated')) OR
  (OLD.status = 'active' AND NEW.status IN ('suspended', 'expired', 'terminated')) OR
  (OLD.status = 'suspended' AND NEW.status IN ('active', 'terminated'))
)
BEGIN SELECT RAISE(ABORT, 'contract status transition not allowed'); END;
CREATE TRIGGER contracts_terms_frozen BEFORE UPDATE OF cust, start_date, end_date, commitment_fen, profit_share, co_branding_slots, inventory_hours, logistics_channel, advisory_seat, renews ON contracts
WHEN OLD.status <> 'draft'
BEGIN SELECT RAISE(ABORT, 'only a draft contract can change its terms'); END;
CREATE TRIGGER contracts_no_overlap BEFORE UPDATE OF status ON contracts
WHEN NEW.status IN ('active', 'suspended', 'expired') AND EXISTS (
  SELECT 1 FROM contracts c
  WHERE c.cust = NEW.cust AND c.id <> NEW.id AND c.status IN ('active', 'suspended', 'expired')
    AND c.start_date <= NEW.end_date AND NEW.start_date <= c.end_date
)
BEGIN SELECT RAISE(ABORT, 'contract periods of one customer overlap'); END;

CREATE TABLE contract_history (
  id INTEGER PRIMARY KEY,
  contract INTEGER NOT NULL REFERENCES contracts(id),
  from_status TEXT CHECK (from_status IN ('draft', 'active', 'suspended', 'expired', 'terminated')),
  to_status TEXT NOT NULL CHECK (to_status IN ('draft', 'active', 'suspended', 'expired', 'terminated')),
  on_date TEXT NOT NULL,
  cause TEXT NOT NULL CHECK (cause IN ('create', 'import', 'renew', 'auto_renew', 'activate', 'suspend', 'resume', 'terminate', 'expire')),
  actor TEXT NOT NULL,
  reason TEXT,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX contract_history_by_contract ON contract_history (contract, id);
CREATE TRIGGER contract_history_no_update BEFORE UPDATE ON contract_history BEGIN SELECT RAISE(ABORT, 'contract history is append-only'); END;
CREATE TRIGGER contract_history_no_delete BEFORE DELETE ON contract_history BEGIN SELECT RAISE(ABORT, 'contract history is append-only'); END;
`;

export const migration002: Migration = {
  version: 2,
  name: 'contracts',
  up(db) {
    db.exec(SQL);
  },
};
