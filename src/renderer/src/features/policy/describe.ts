import type { Language } from '@shared/api';
import type { Benefits, Condition, Metric, Op, Policy, TierPolicy } from '@shared/policy';

/**
 * A policy's rules in plain language, for staff answering customers: the seeds' wording, 满/达 for
 * `>=` and 超 for `>` (spec §5), e.g. 「累计消费满 ¥2,000 或 成功邀请 5 名活跃用户」.
 */

const amount = (v: number) => `¥${v.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
const plain = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 });

const ZH_OP: Record<Op, string> = { '>=': '满', '>': '超', '<=': '不超过', '<': '低于', '==': '为' };
const EN_OP: Record<Op, string> = { '>=': 'at least', '>': 'more than', '<=': 'at most', '<': 'less than', '==': 'exactly' };

const holds = (op: Op, x: number, v: number): boolean =>
  op === '>=' ? x >= v : op === '>' ? x > v : op === '<=' ? x <= v : op === '<' ? x < v : x === v;

const FLAGS: Partial<Record<Metric, { zh: [string, string]; en: [string, string] }>> = {
  realnameVerified: { zh: ['已完成实名认证', '未实名认证'], en: ['real-name verified', 'not real-name verified'] },
  phoneVerified: { zh: ['已验证手机号', '未验证手机号'], en: ['phone number verified', 'phone number not verified'] },
  enterprise: { zh: ['企业用户', '个人用户'], en: ['an enterprise customer', 'an individual customer'] },
};

export function describeCondition(c: Condition, lng: Language, windowMonths: number): string {
  const flag = FLAGS[c.metric];
  if (flag) {
    // A 0/1 metric reads as the yes/no it allows, whatever operator expresses it.
    const yes = holds(c.op, 1, c.value),
      no = holds(c.op, 0, c.value);
    const [pos, neg] = lng === 'en' ? flag.en : flag.zh;
    if (yes && !no) return pos;
    if (no && !yes) return neg;
    return lng === 'en'
      ? yes
        ? `${pos} or not`
        : `never (${pos} ${c.op} ${c.value})`
      : yes
        ? `${pos}与否均可`
        : `无人满足（${pos} ${c.op} ${c.value}）`;
  }
  const v = c.value;
  if (lng === 'en') {
    const w = EN_OP[c.op];
    switch (c.metric) {
      case 'cumulativeSpend':
        return `cumulative spend of ${w} ${amount(v)}`;
      case 'paidOrders':
        return `${w} ${plain(v)} paid orders`;
      case 'windowSpend':
        return `spend of ${w} ${amount(v)} in the last ${windowMonths} months`;
      case 'monthlySpend':
        return `monthly spend of ${w} ${amount(v)}`;
      case 'monthlyOrders':
        return `${w} ${plain(v)} orders a month`;
      case 'annualSpend':
        return `annual purchases of ${w} ${amount(v)}`;
      case 'activeReferrals':
        return `invited ${w} ${plain(v)} active users`;
      case 'contributionPoints':
        return `contribution score of ${w} ${plain(v)}`;
      default:
        return `${c.metric} ${c.op} ${plain(v)}`;
    }
  }
  const w = ZH_OP[c.op];
  switch (c.metric) {
    case 'cumulativeSpend':
      return `累计消费${w} ${amount(v)}`;
    case 'paidOrders':
      return `已付款订单${w} ${plain(v)} 笔`;
    case 'windowSpend':
      return `近${windowMonths}个月消费${w} ${amount(v)}`;
    case 'monthlySpend':
      return `月均消费金额${w} ${amount(v)}`;
    case 'monthlyOrders':
      return `月均订单${w} ${plain(v)} 笔`;
    case 'annualSpend':
      return `年采购额${w} ${amount(v)}`;
    case 'activeReferrals':
      return c.op === '>=' ? `成功邀请 ${plain(v)} 名活跃用户` : `成功邀请活跃用户${w} ${plain(v)} 名`;
    case 'contributionPoints':
      return `行为贡献度${w} ${plain(v)} 分`;
    default:
      return `${c.metric} ${c.op} ${plain(v)}`;
  }
}

/** One tier's rules: the conditions of a rule joined by 且/and, its alternatives by 或/or. */
export function describeRules(tier: Pick<TierPolicy, 'rules'>, lng: Language, windowMonths: number): string {
  const and = lng === 'en' ? ' and ' : ' 且 ';
  const or = lng === 'en' ? ' or ' : ' 或 ';
  if (tier.rules.length === 0) return lng === 'en' ? 'unreachable (no rules)' : '不可达（没有规则）';
  const several = tier.rules.length > 1;
  return tier.rules
    .map((r) => {
      const text = r.all.map((c) => describeCondition(c, lng, windowMonths)).join(and);
      return several && r.all.length > 1 ? (lng === 'en' ? `(${text})` : `（${text}）`) : text;
    })
    .join(or);
}

/** 0.9 → 9 折 / 10% off. */
export function describeDiscount(multiplier: number, lng: Language): string {
  if (multiplier >= 1) return lng === 'en' ? 'no discount' : '无折扣';
  const off = Math.round((1 - multiplier) * 10000) / 100;
  return lng === 'en' ? `${off}% off` : `${Math.round(multiplier * 1000) / 100} 折`;
}

const pct = (x: number) => `${Math.round(x * 10000) / 100}%`;

export type BenefitField = Exclude<keyof Benefits, 'perks'>;

/** A numeric benefit as staff say it. */
export function describeBenefit(field: BenefitField, b: Benefits, lng: Language): string {
  const en = lng === 'en';
  switch (field) {
    case 'priceMultiplier':
      return describeDiscount(b.priceMultiplier, lng);
    case 'pointsPerCny':
      return en ? `${plain(b.pointsPerCny)} points per ¥1` : `消费 1 元积 ${plain(b.pointsPerCny)} 分`;
    case 'quarterlyRebate':
      return b.quarterlyRebate > 0
        ? en
          ? `${pct(b.quarterlyRebate)} of spend`
          : `消费额的 ${pct(b.quarterlyRebate)}`
        : en
          ? 'none'
          : '无';
    case 'tradingFee':
      return pct(b.tradingFee);
    case 'supportHours':
      return en ? `within ${plain(b.supportHours)} h` : `${plain(b.supportHours)} 小时内响应`;
  }
}

/** Review, protection and window settings of a policy in one sentence per setting. */
export function describeSettings(p: Pick<Policy, 'windowMonths' | 'protectionDays' | 'reviewCooldownDays'>, lng: Language) {
  return lng === 'en'
    ? {
        window: `Monthly figures are averages over the last ${p.windowMonths} months; annual purchases cover the last 12 months.`,
        protection:
          p.protectionDays > 0
            ? `Protection period: a customer whose figures drop keeps the tier for ${p.protectionDays} days before moving down.`
            : 'No protection period: a customer moves down at the first evaluation that finds them below.',
        cooldown: `A rejected review does not reopen for ${p.reviewCooldownDays} days.`,
      }
    : {
        window: `月均指标按近${p.windowMonths}个月计算；年采购额按近12个月计算。`,
        protection:
          p.protectionDays > 0
            ? `级别保护期 ${p.protectionDays} 天：指标下滑的客户保留原级别 ${p.protectionDays} 天后才降级。`
            : '无级别保护期：评估发现指标不达标即降级。',
        cooldown: `人工审核被拒后 ${p.reviewCooldownDays} 天内不再发起审核。`,
      };
}
