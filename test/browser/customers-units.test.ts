import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import zhCN from '../../src/renderer/src/features/customers/i18n/zh-CN.json';
import en from '../../src/renderer/src/features/customers/i18n/en.json';
import { formatters } from '../../src/renderer/src/lib/format';
import { conditionPercent, missingSentence, type Translate } from '../../src/renderer/src/features/customers/progress';
import { cleanFilter, customerHash, idFromHash } from '../../src/renderer/src/features/customers/route';
import type { ConditionView, RuleView } from '@shared/api/channels/customers';

async function translator(lng: 'zh-CN' | 'en'): Promise<Translate> {
  const i = i18next.createInstance();
  await i.init({
    lng,
    resources: { [lng]: { translation: { customers: lng === 'en' ? en : zhCN } } },
    interpolation: { escapeValue: false },
  });
  return (key, options) => i.t(key, options ?? {});
}

const cond = (c: Partial<ConditionView> & Pick<ConditionView, 'metric' | 'op' | 'value' | 'actual'>): ConditionView => ({
  met: false,
  missing: null,
  text: '',
  ...c,
});
const rule = (ruleIndex: number, conditions: ConditionView[]): RuleView => ({ ruleIndex, met: conditions.every((c) => c.met), conditions });

/** Gold (seed policy) for a Silver customer with ¥1,000.00 spent and 3 active referrals. */
const GOLD: RuleView[] = [
  rule(0, [cond({ metric: 'cumulativeSpend', op: '>=', value: 2000, actual: 1000, missing: 100_000 })]),
  rule(1, [cond({ metric: 'activeReferrals', op: '>=', value: 5, actual: 3, missing: 2 })]),
];
/** Diamond: (cumulative ≥ 5000 AND monthly > 1000) OR (enterprise AND monthly > 3000). */
const DIAMOND: RuleView[] = [
  rule(0, [
    cond({ metric: 'cumulativeSpend', op: '>=', value: 5000, actual: 6000, met: true }),
    cond({ metric: 'monthlySpend', op: '>', value: 1000, actual: 500, missing: 300_001 }),
  ]),
  rule(1, [
    cond({ metric: 'enterprise', op: '==', value: 1, actual: 0, missing: 1 }),
    cond({ metric: 'monthlySpend', op: '>', value: 3000, actual: 500, missing: 1_500_001 }),
  ]),
];

describe('what the next tier needs, in the UI language', () => {
  it('says it as the issue does: 还差 ¥1,000.00 累计消费 或 2 名活跃推荐用户', async () => {
    const f = formatters('zh-CN', 'Asia/Shanghai');
    expect(missingSentence(GOLD, await translator('zh-CN'), f.cny, 6)).toBe('还差 ¥1,000.00 累计消费 或 2 名活跃推荐用户');
    const e = formatters('en', 'Asia/Shanghai');
    expect(missingSentence(GOLD, await translator('en'), e.cny, 6)).toBe(
      'Needs ¥1,000.00 more cumulative spend or 2 more active referrals',
    );
  });

  it('joins the unmet conditions of a rule with "and", and words window amounts and flags', async () => {
    const f = formatters('zh-CN', 'Asia/Shanghai');
    expect(missingSentence(DIAMOND, await translator('zh-CN'), f.cny, 6)).toBe(
      '还差 近6个月再消费 ¥3,000.01（月均消费金额） 或 企业用户 且 近6个月再消费 ¥15,000.01（月均消费金额）',
    );
  });

  it('says nothing is missing once a rule holds, and fills bars by the share reached', () => {
    expect(
      missingSentence([rule(0, [cond({ metric: 'paidOrders', op: '>=', value: 1, actual: 1, met: true })])], (k) => k, String, 6),
    ).toBeNull();
    expect(conditionPercent(GOLD[0]!.conditions[0]!)).toBe(50);
    expect(conditionPercent(DIAMOND[1]!.conditions[0]!)).toBe(0);
    expect(conditionPercent(cond({ metric: 'cumulativeSpend', op: '>', value: 20000, actual: 20000 }))).toBe(99);
  });
});

describe('customer list state in the address and on the wire', () => {
  it('keeps the open customer in the hash, ids with spaces and Chinese included', () => {
    for (const id of ['C0001', 'VIP 001', '客户 甲', 'a&b=c']) expect(idFromHash(customerHash(id))).toBe(id);
    expect(idFromHash('#/customers')).toBeNull();
    expect(idFromHash('#/contracts?id=x')).toBeNull();
  });

  it('sends only the filter fields that are set', () => {
    expect(
      cleanFilter({
        search: '',
        tier: [],
        kind: undefined,
        pending: true,
        cumulativeFen: { min: undefined, max: undefined },
        windowFen: { min: 100 },
      }),
    ).toEqual({ pending: true, windowFen: { min: 100 } });
  });
});
