import { z } from 'zod';
import type { Tier } from '../../tiers';
import type { ReviewCount } from '../types';
import { channel, customerId, noInput, page, reason } from '../define';
import type { Paged, ReviewView } from './customers';

/** The review queue: promotions waiting for a human decision (issue 5), and its navigation badge. */

// ---------------------------------------------------------------- review queue

export interface ReviewQueueRow {
  customerId: string;
  name: string;
  kind: 'individual' | 'enterprise';
  currentTier: Tier;
  pendingTier: Tier;
  openedOn: string;
  /** Metrics of the last evaluation (the evidence). */
  cumulativeFen: number;
  annualFen: number;
  windowFen: number;
  activeReferrals: number;
}

export interface ReviewQueue extends Paged<ReviewQueueRow> {
  /** Days during which no review opens again after a rejection (active policy). */
  cooldownDays: number;
  today: string;
}

export interface BulkFailure {
  customerId: string;
  code: string;
  message: string;
}

export interface BulkDecision {
  decided: ReviewView[];
  failed: BulkFailure[];
}

const decision = z
  .object({ customerIds: z.array(customerId).min(1, { message: 'select at least one customer' }).max(1000), reason })
  .strict();

export const REVIEW_CHANNELS = {
  'reviews:count': channel<ReviewCount>()({
    kind: 'read',
    input: noInput,
    summary: 'number of open reviews',
  }),
  'reviews:list': channel<ReviewQueue>()({
    kind: 'read',
    input: z.object({ search: z.string().max(200).optional(), ...page(500) }).strict(),
    summary: 'open reviews (promotions waiting for a human decision), oldest first, with the metrics of the last evaluation',
  }),
  'reviews:approve': channel<BulkDecision>()({
    kind: 'write',
    input: decision,
    summary:
      'approves the open reviews of the customers (one transaction each): the pending tier applies today; failures are listed per customer',
  }),
  'reviews:reject': channel<BulkDecision>()({
    kind: 'write',
    input: decision,
    summary:
      'rejects the open reviews of the customers (one transaction each): the tier stays and no review opens during the cooldown; failures are listed per customer',
  }),
};
