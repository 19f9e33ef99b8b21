import { z } from 'zod';
import { TIERS, type Tier } from '../../tiers';
import type { Benefits, Condition, Metric } from '../../policy';
import { channel, customerId, date, page, reason } from '../define';

/** Channels of one domain: customer list and file, overrides (issue 5); the review queue is in ./reviews. */

// The shapes below cross the API boundary, so they live here (the renderer may import only
// src/shared); explain.ts, assignments.ts, overrides.ts and reviews.ts import them, and the values of
// queries/customers.ts must stay assignable to them, which the handlers' `satisfies` checks.

// ---------------------------------------------------------------- customer list

/** An inclusive range of integer fen; either end may be left out. */
export interface FenRange {
  min?: number;
  max?: number;
}

/**
 * What the customer list (and its CSV export) shows. Every field narrows; left out means "any".
 * Tiers are assigned tiers (a customer never evaluated is `none`); metrics are those of the last
 * evaluation, so a customer never evaluated matches no spend range.
 */
export interface CustomerFilter {
  /** Part of the customer id or of the name (case-insensitive for Latin letters). */
  search?: string;
  tier?: Tier | Tier[];
  /** true: computed tier ≠ assigned tier (review pending, protection, override); false: equal. */
  mismatch?: boolean;
  /** true: a review for a higher tier is pending; false: none. */
  pending?: boolean;
  /** true: inside a protection period (级别保护期); false: not. */
  protected?: boolean;
  /** true: the tier is pinned by a manual override; false: not. */
  overridden?: boolean;
  kind?: 'individual' | 'enterprise';
  realnameVerified?: boolean;
  phoneVerified?: boolean;
  /** 累计消费, fen. */
  cumulativeFen?: FenRange;
  /** Spend in the rolling window (近6个月), fen. */
  windowFen?: FenRange;
  /** Spend in the annual window (年采购额), fen. */
  annualFen?: FenRange;
}

export const CUSTOMER_SORT_KEYS = ['customerId', 'tier', 'cumulativeSpend', 'windowSpend', 'annualSpend'] as const;
export type CustomerSortKey = (typeof CUSTOMER_SORT_KEYS)[number];
export interface CustomerSort {
  key: CustomerSortKey;
  dir: 'asc' | 'desc';
}

/** The override that pins a tier, as shown next to the tier. */
export interface OverrideMark {
  tier: Tier;
  actor: string;
  setOn: string;
  /** Last day, inclusive; null: until cleared. */
  until: string | null;
  reason: string;
}

export interface CustomerListRow {
  customerId: string;
  name: string;
  kind: 'individual' | 'enterprise';
  realnameVerified: boolean;
  phoneVerified: boolean;
  /** Assigned tier (none when never evaluated). */
  tier: Tier;
  computedTier: Tier;
  pendingTier: Tier | null;
  protectedUntil: string | null;
  since: string | null;
  override: OverrideMark | null;
  /** Metrics of the last evaluation; null when the customer was never evaluated. */
  metrics: {
    cumulativeFen: number;
    paidOrders: number;
    windowFen: number;
    windowOrders: number;
    annualFen: number;
    activeReferrals: number;
    contributionPoints: number;
  } | null;
}

export interface CustomerListPage {
  offset: number;
  rows: CustomerListRow[];
  /**
   * Customers matching the filter. Exact when `exact`; otherwise a lower bound (the filter matches
   * many customers and counting them all costs more than the page): ask `customers:count`.
   */
  total: number;
  exact: boolean;
  /** Customers in the database, for "x of y". */
  all: number;
  /** Milliseconds the server spent on this page. */
  tookMs: number;
}

// ---------------------------------------------------------------- customer file

export interface ConditionView {
  metric: Metric;
  op: Condition['op'];
  value: number;
  /** The metric's value (CNY for money metrics, exact averages). */
  actual: number;
  met: boolean;
  /** What must be added for an unmet condition: fen for money metrics, a count otherwise; null when adding cannot help. */
  missing: number | null;
  /** English explanation from the engine, in terms the customer can act on (the UI builds its own text from the numbers). */
  text: string;
}

export interface RuleView {
  ruleIndex: number;
  met: boolean;
  conditions: ConditionView[];
}

export interface AssignmentView {
  tier: Tier;
  computedTier: Tier;
  pendingTier: Tier | null;
  protectedUntil: string | null;
  since: string | null;
  overrideId: number | null;
}

export interface OverrideView {
  id: number;
  tier: Tier;
  reason: string;
  actor: string;
  setOn: string;
  until: string | null;
  clearedOn: string | null;
  clearedBy: string | null;
  clearedReason: string | null;
}

export interface HistoryView {
  from: Tier;
  to: Tier;
  date: string;
  cause: 'evaluation' | 'protection_expiry' | 'review' | 'override' | 'policy';
  policyVersion: number | null;
  actor: string;
  reason: string | null;
}

export interface ReviewView {
  id: number;
  customerId: string;
  name: string;
  currentTier: Tier;
  pendingTier: Tier;
  openedOn: string;
  status: 'open' | 'approved' | 'rejected' | 'lapsed';
  decidedOn: string | null;
  actor: string | null;
  reason: string | null;
}

export interface ContractSummary {
  number: string;
  status: 'draft' | 'active' | 'suspended' | 'expired' | 'terminated';
  start: string;
  end: string;
  commitmentFen: number;
  flags: ('expiring' | 'at-risk' | 'behind')[];
  /** Share of this contract year's commitment bought so far; null before the start day. */
  progress: number | null;
}

/** Why a customer holds their tier and what the next tier needs (the engine's explain). */
export interface TierExplanation {
  customerId: string;
  name: string;
  kind: 'individual' | 'enterprise';
  /** As-of date of the last evaluation (the metrics' date); null when never evaluated. */
  asOf: string | null;
  policyVersion: number;
  window: { months: number; from: string; to: string } | null;
  metrics: Record<Metric, number>;
  assignment: AssignmentView;
  /** The override pinning the tier today, if any. */
  override: OverrideView | null;
  /** The rule that qualified for the computed tier. */
  qualifiedBy: { tier: Tier; ruleIndex: number; conditions: ConditionView[] } | null;
  next: { tier: Tier; requiresReview: boolean; rules: RuleView[] } | null;
  review: { open: boolean; pendingTier: Tier | null; openedOn: string | null; cooldownUntil: string | null };
  /** Oldest first. */
  history: HistoryView[];
}

export interface CustomerFile extends TierExplanation {
  realnameVerified: boolean;
  phoneVerified: boolean;
  /** Epoch ms, or null when the import had none. */
  registeredAt: number | null;
  today: string;
  /** Every override ever set, newest first. */
  overrides: OverrideView[];
  /** Every review, newest first. */
  reviews: ReviewView[];
  contracts: ContractSummary[];
  /** Benefits (active policy) of the assigned tier and of the next tier; null for `none` / no next tier. */
  benefits: { current: Benefits | null; next: Benefits | null };
  reviewCooldownDays: number;
}

export interface OrderRow {
  orderId: string;
  placedAt: number;
  amountFen: number;
  status: 'paid' | 'refunded';
  category: string | null;
}

export interface ReferralRow {
  customerId: string;
  name: string;
  referredAt: number;
  realnameVerified: boolean;
  tier: Tier;
}

export interface Paged<R> {
  total: number;
  offset: number;
  rows: R[];
}

// ---------------------------------------------------------------- inputs

const fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const fenRange = z
  .object({ min: fen.optional(), max: fen.optional() })
  .strict()
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, { message: 'min must not be above max' });

/** The customer filter; also what a people export of customers takes (`export:prepare`). */
export const customerFilterSchema = z
  .object({
    search: z.string().max(200).optional(),
    tier: z.union([z.enum(TIERS), z.array(z.enum(TIERS)).max(TIERS.length)]).optional(),
    mismatch: z.boolean().optional(),
    pending: z.boolean().optional(),
    protected: z.boolean().optional(),
    overridden: z.boolean().optional(),
    kind: z.enum(['individual', 'enterprise']).optional(),
    realnameVerified: z.boolean().optional(),
    phoneVerified: z.boolean().optional(),
    cumulativeFen: fenRange.optional(),
    windowFen: fenRange.optional(),
    annualFen: fenRange.optional(),
  })
  .strict();

export const CUSTOMER_CHANNELS = {
  'customers:list': channel<CustomerListPage>()({
    kind: 'read',
    input: z
      .object({
        filter: customerFilterSchema.default({}),
        sort: z
          .object({ key: z.enum(CUSTOMER_SORT_KEYS), dir: z.enum(['asc', 'desc']) })
          .strict()
          .default({ key: 'customerId', dir: 'asc' }),
        ...page(500),
      })
      .strict(),
    summary:
      'one page of customers matching a filter, sorted (ties in import order, reversed when descending); the total is exact, or a lower bound for large matches (then ask customers:count)',
  }),
  'customers:count': channel<{ count: number }>()({
    kind: 'read',
    input: z.object({ filter: customerFilterSchema.default({}) }).strict(),
    summary: 'the exact number of customers matching a filter',
  }),
  'customers:file': channel<CustomerFile>()({
    kind: 'read',
    input: z.object({ customerId }).strict(),
    summary:
      'one customer: identity, metrics of the last evaluation, tiers, qualifying rule, progress to the next tier, protection, overrides, reviews, history, contracts, benefits',
  }),
  'customers:orders': channel<Paged<OrderRow>>()({
    kind: 'read',
    input: z.object({ customerId, ...page(200) }).strict(),
    summary: "a customer's orders, newest first",
  }),
  'customers:referrals': channel<Paged<ReferralRow>>()({
    kind: 'read',
    input: z.object({ customerId, ...page(200) }).strict(),
    summary: 'the customers a customer referred, newest first',
  }),
  'overrides:set': channel<OverrideView>()({
    kind: 'write',
    input: z.object({ customerId, tier: z.enum(TIERS), reason, until: date.nullable().default(null) }).strict(),
    summary: "pins a customer's tier from today (any tier; bypasses review), with a reason and an optional last day; audited",
  }),
  'overrides:clear': channel<OverrideView>()({
    kind: 'write',
    input: z.object({ customerId, reason }).strict(),
    summary: "ends a customer's active override today, with a reason; the next evaluation re-grades them; audited",
  }),
};

// The review queue's shapes moved to ./reviews; re-exported for src/engine/queries/customers.ts until it imports them from there.
export type { ReviewQueue, ReviewQueueRow } from './reviews';
