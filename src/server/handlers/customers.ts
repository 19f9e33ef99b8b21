import type { CUSTOMER_CHANNELS } from '@shared/api/channels/customers';
import type { ContractSummary, CustomerFile } from '@shared/api/channels/customers';
import { platformZone } from '../../engine/db';
import { customerKey } from '../../engine/customers';
import { customerIdentity } from '../../engine/customerIdentity';
import { explain } from '../../engine/explain';
import { clearOverride, overridesOf, setOverride } from '../../engine/overrides';
import { reviewsOf } from '../../engine/reviews';
import { getActivePolicy } from '../../engine/policies';
import { listContracts } from '../../engine/contracts/index';
import { countCustomers, customerOrders, customerReferrals, listCustomers } from '../../engine/queries/customers';
import { todayIn } from '../../engine/time';
import type { HandlerContext } from '../context';
import type { HandlersFor } from './types';

function customerFile(customerId: string, ctx: HandlerContext): CustomerFile {
  const { db } = ctx;
  const e = explain(db, customerId, ctx.now);
  const cust = customerKey(db, customerId);
  const identity = customerIdentity(db, cust);
  const today = todayIn(platformZone(db), ctx.now());
  const { policy } = getActivePolicy(db);
  const benefitsOf = (tier: string) => (tier === 'none' ? null : (policy.benefits[tier as keyof typeof policy.benefits] ?? null));
  const contracts = listContracts(db, today, { customerId }).map((v): ContractSummary => ({
    number: v.number,
    status: v.status,
    start: v.start,
    end: v.end,
    commitmentFen: v.commitmentFen,
    flags: v.flags,
    progress: v.commitment?.progress ?? null,
  }));
  return {
    customerId: e.customerId,
    name: e.name,
    kind: e.kind,
    realnameVerified: identity.realnameVerified,
    phoneVerified: identity.phoneVerified,
    registeredAt: identity.registeredAt,
    today,
    asOf: e.asOf,
    policyVersion: e.policyVersion,
    window: e.window,
    metrics: e.metrics,
    assignment: e.assignment,
    override: e.override,
    qualifiedBy: e.qualifiedBy,
    next: e.next,
    review: e.review,
    history: e.history,
    overrides: overridesOf(db, cust),
    reviews: reviewsOf(db, cust),
    contracts,
    benefits: { current: benefitsOf(e.assignment.tier), next: e.next ? benefitsOf(e.next.tier) : null },
    reviewCooldownDays: policy.reviewCooldownDays,
  };
}

/** Handlers of the channels in src/shared/api/channels/customers.ts (customers:* and overrides:*). */
export const handlers = {
  'customers:list': async (input, ctx) => listCustomers(ctx.db, input, ctx.now),
  'customers:count': async (input, ctx) => ({ count: countCustomers(ctx.db, input.filter, ctx.now) }),
  'customers:file': async (input, ctx) => customerFile(input.customerId, ctx),
  'customers:orders': async (input, ctx) => customerOrders(ctx.db, input.customerId, input.offset, input.limit),
  'customers:referrals': async (input, ctx) => customerReferrals(ctx.db, input.customerId, input.offset, input.limit),
  'overrides:set': async (input, ctx) =>
    setOverride(ctx.db, input.customerId, input.tier, input.reason, input.until, { actor: ctx.actor, now: ctx.now }),
  'overrides:clear': async (input, ctx) => clearOverride(ctx.db, input.customerId, input.reason, { actor: ctx.actor, now: ctx.now }),
} satisfies HandlersFor<typeof CUSTOMER_CHANNELS>;
