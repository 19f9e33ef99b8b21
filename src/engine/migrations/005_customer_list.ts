import type { Migration } from './migration';

/**
 * Indexes of the customer list (issue 5), so filters and sorts on a million customers walk an index
 * instead of the table. The partial indexes hold only the few rows they select, so evaluation pays
 * for them only on those rows.
 */
const SQL = `
-- Sort by tier in tier order (none … supreme); the list writes exactly this expression.
CREATE INDEX assignments_rank ON assignments ((CASE tier WHEN 'regular' THEN 1 WHEN 'silver' THEN 2 WHEN 'gold' THEN 3 WHEN 'diamond' THEN 4 WHEN 'supreme' THEN 5 ELSE 0 END));
CREATE INDEX assignments_mismatch ON assignments (cust) WHERE tier <> computed_tier;
CREATE INDEX assignments_protected ON assignments (cust) WHERE protected_until IS NOT NULL;
CREATE INDEX assignments_overridden ON assignments (cust) WHERE override_id IS NOT NULL;
CREATE INDEX customers_kind ON customers (kind);
`;

export const migration005: Migration = {
  version: 5,
  name: 'customer_list',
  up(db) {
    db.exec(SQL);
  },
};
