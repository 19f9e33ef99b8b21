import type { Language } from '@shared/api';
import type { Policy } from '@shared/policy';
import { RANKED_TIERS, type RankedTier } from '@shared/tiers';
import { BENEFIT_NUMBERS } from './model';
import { describeBenefit, describeRules } from './describe';

/**
 * What differs between two policies, one row per thing a manager would name: a setting, a tier's
 * rules, its review flag, one benefit. Texts are in plain language so the publish confirmation and
 * the tiers view say "累计消费满 ¥500 → 累计消费满 ¥800", not a JSON path.
 */
export interface PolicyChange {
  /** Stable id: `windowMonths`, `rules.silver`, `review.supreme`, `benefit.gold.tradingFee`, `benefit.gold.perks`, `costModel.pointValue`, `name`. */
  key: string;
  tier: RankedTier | null;
  /** i18n key under policy.field (`windowMonths`, `rules`, `benefit.tradingFee`, …). */
  field: string;
  before: string;
  after: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function policyChanges(before: Policy, after: Policy, lng: Language, yesNo: (v: boolean) => string): PolicyChange[] {
  const out: PolicyChange[] = [];
  const add = (key: string, tier: RankedTier | null, field: string, b: string, a: string) =>
    out.push({ key, tier, field, before: b, after: a });
  if (before.name !== after.name) add('name', null, 'name', before.name, after.name);
  for (const k of ['windowMonths', 'protectionDays', 'reviewCooldownDays'] as const) {
    if (before[k] !== after[k]) add(k, null, k, String(before[k]), String(after[k]));
  }
  RANKED_TIERS.forEach((tier, i) => {
    const tb = before.tiers[i]!,
      ta = after.tiers[i]!;
    // The same rules read differently when the window changes (近N个月), so compare the rules themselves.
    if (!same(tb.rules, ta.rules))
      add(`rules.${tier}`, tier, 'rules', describeRules(tb, lng, before.windowMonths), describeRules(ta, lng, after.windowMonths));
    if (tb.requiresReview !== ta.requiresReview)
      add(`review.${tier}`, tier, 'requiresReview', yesNo(tb.requiresReview), yesNo(ta.requiresReview));
    if (!same(tb.name ?? null, ta.name ?? null)) add(`names.${tier}`, tier, 'displayName', tb.name?.[lng] ?? '—', ta.name?.[lng] ?? '—');
    const bb = before.benefits[tier],
      ba = after.benefits[tier];
    for (const f of BENEFIT_NUMBERS) {
      if (bb[f] !== ba[f]) add(`benefit.${tier}.${f}`, tier, `benefit.${f}`, describeBenefit(f, bb, lng), describeBenefit(f, ba, lng));
    }
    if (!same(bb.perks, ba.perks))
      add(`benefit.${tier}.perks`, tier, 'benefit.perks', bb.perks.join('；') || '—', ba.perks.join('；') || '—');
  });
  for (const k of ['discountShare', 'pointValue'] as const) {
    if (before.costModel[k] !== after.costModel[k])
      add(`costModel.${k}`, null, `costModel.${k}`, String(before.costModel[k]), String(after.costModel[k]));
  }
  return out;
}
