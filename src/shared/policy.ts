import { z } from 'zod';
import { RANKED_TIERS, type RankedTier } from './tiers';
import { closest } from './closest';

export const METRICS = [
  'cumulativeSpend',
  'paidOrders',
  'windowSpend',
  'monthlySpend',
  'monthlyOrders',
  'annualSpend',
  'activeReferrals',
  'contributionPoints',
  'realnameVerified',
  'phoneVerified',
  'enterprise',
] as const;
export type Metric = (typeof METRICS)[number];
/** Metrics whose value is an amount of CNY. */
export const MONEY_METRICS: ReadonlySet<Metric> = new Set(['cumulativeSpend', 'windowSpend', 'monthlySpend', 'annualSpend']);

export const OPS = ['>=', '>', '<=', '<', '=='] as const;
export type Op = (typeof OPS)[number];

const twoDecimals = (v: number) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6;
const money = z.number().finite().refine(twoDecimals, { message: 'at most two decimals' });

const condition = z
  .object({
    metric: z.string().superRefine((m, ctx) => {
      if ((METRICS as readonly string[]).includes(m)) return;
      const near = closest(m, METRICS);
      ctx.addIssue({
        code: 'custom',
        message: `unknown metric "${m}"${near ? ` (did you mean ${near}?)` : ''}; the metrics are ${METRICS.join(', ')}`,
      });
    }),
    op: z.string().superRefine((o, ctx) => {
      if (!(OPS as readonly string[]).includes(o)) ctx.addIssue({ code: 'custom', message: `unknown operator "${o}"` });
    }),
    value: money,
  })
  .strict();

const rule = z.object({ all: z.array(condition).min(1, { message: 'a rule needs at least one condition' }) }).strict();

const localized = z.object({ 'zh-CN': z.string().min(1).optional(), en: z.string().min(1).optional() }).strict();

const tierDoc = z
  .object({
    id: z.string(),
    name: localized.optional(),
    requiresReview: z.boolean().default(false),
    rules: z.array(rule),
  })
  .strict();

const benefits = z
  .object({
    priceMultiplier: z.number().min(0).max(1),
    pointsPerCny: z.number().min(0),
    quarterlyRebate: z.number().min(0).max(1),
    tradingFee: z.number().min(0).max(1),
    supportHours: z.number().min(0),
    perks: z.array(z.string()),
  })
  .strict();
export type Benefits = z.infer<typeof benefits>;

const costModel = z.object({ discountShare: z.number().min(0).max(1), pointValue: money.pipe(z.number().min(0)) }).strict();

export const DEFAULT_BENEFITS: Record<RankedTier, Benefits> = {
  regular: {
    priceMultiplier: 0.9,
    pointsPerCny: 1.0,
    quarterlyRebate: 0,
    tradingFee: 0.065,
    supportHours: 48,
    perks: ['限时活动参与权（新人秒杀、节日促销）', '基础商品折扣（全场9折）'],
  },
  silver: {
    priceMultiplier: 0.9,
    pointsPerCny: 1.2,
    quarterlyRebate: 0,
    tradingFee: 0.06,
    supportHours: 24,
    perks: ['专属客服通道', '优先发货权（热门商品优先库存分配）', '新上架商品48小时优先购买权'],
  },
  gold: {
    priceMultiplier: 0.9,
    pointsPerCny: 1.2,
    quarterlyRebate: 0.02,
    tradingFee: 0.055,
    supportHours: 2,
    perks: ['1对1客户经理对接', '新商品优先体验权', '交易纠纷绿色通道', '每月优惠券礼包'],
  },
  diamond: {
    priceMultiplier: 0.7,
    pointsPerCny: 1.5,
    quarterlyRebate: 0.02,
    tradingFee: 0.045,
    supportHours: 2,
    perks: [
      '定制化商品开发',
      '数据支持服务（消费趋势、竞品分析报告）',
      '供应链直连与定向配给',
      '批量下单与API接口对接',
      '线下活动优先参与权',
    ],
  },
  supreme: {
    priceMultiplier: 0.7,
    pointsPerCny: 2.0,
    quarterlyRebate: 0.03,
    tradingFee: 0.035,
    supportHours: 1,
    perks: [
      '联合品牌曝光（首页广告位、社交媒体联动推广）',
      '24小时库存保障与专属物流渠道',
      '高毛利商品利润分成',
      '平台决策参与权',
      '年度免费提现≥50次',
    ],
  },
};
export const DEFAULT_COST_MODEL = { discountShare: 0.3, pointValue: 0.01 };

const policyInput = z
  .object({
    name: z.string().min(1),
    windowMonths: z.number().int().min(1).max(120).default(6),
    protectionDays: z.number().int().min(0).max(3650).default(90),
    reviewCooldownDays: z.number().int().min(0).max(3650).default(90),
    tiers: z.array(tierDoc),
    benefits: z.record(z.string(), benefits.partial()).optional(),
    costModel: costModel.partial().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.tiers.length !== RANKED_TIERS.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['tiers'],
        message: `expected the ${RANKED_TIERS.length} tiers ${RANKED_TIERS.join(', ')} in this order, got ${p.tiers.length}`,
      });
      return;
    }
    p.tiers.forEach((t, i) => {
      if (t.id !== RANKED_TIERS[i])
        ctx.addIssue({ code: 'custom', path: ['tiers', i, 'id'], message: `expected "${RANKED_TIERS[i]}", got "${t.id}"` });
    });
    for (const key of Object.keys(p.benefits ?? {})) {
      if (!(RANKED_TIERS as readonly string[]).includes(key))
        ctx.addIssue({ code: 'custom', path: ['benefits', key], message: `unknown tier "${key}"` });
    }
  });

export interface Condition {
  metric: Metric;
  op: Op;
  value: number;
}
export interface Rule {
  all: Condition[];
}
export interface TierPolicy {
  id: RankedTier;
  name?: { 'zh-CN'?: string; en?: string };
  requiresReview: boolean;
  rules: Rule[];
}
/** A policy document with every default filled in: what the engine works with and `policy show` prints. */
export interface Policy {
  name: string;
  windowMonths: number;
  protectionDays: number;
  reviewCooldownDays: number;
  tiers: TierPolicy[];
  benefits: Record<RankedTier, Benefits>;
  costModel: { discountShare: number; pointValue: number };
}

export class PolicyError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.join('\n'));
    this.name = 'PolicyError';
  }
}

/** `tiers[2].rules[0].all[1].metric` */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out;
}

export type PolicyCheck = { ok: true; policy: Policy } | { ok: false; issues: string[] };

/** Validates a policy document (already parsed JSON) and fills in defaults. */
export function checkPolicy(doc: unknown): PolicyCheck {
  const r = policyInput.safeParse(doc);
  if (!r.success) {
    return { ok: false, issues: r.error.issues.map((i) => `${formatPath(i.path) || '(document)'}: ${i.message}`) };
  }
  const p = r.data;
  const benefitsFilled = {} as Record<RankedTier, Benefits>;
  for (const t of RANKED_TIERS) benefitsFilled[t] = { ...DEFAULT_BENEFITS[t], ...(p.benefits?.[t] ?? {}) } as Benefits;
  return {
    ok: true,
    policy: {
      name: p.name,
      windowMonths: p.windowMonths,
      protectionDays: p.protectionDays,
      reviewCooldownDays: p.reviewCooldownDays,
      tiers: p.tiers.map((t) => ({
        id: t.id as RankedTier,
        ...(t.name ? { name: t.name } : {}),
        requiresReview: t.requiresReview,
        rules: t.rules.map((r) => ({ all: r.all.map((c) => ({ metric: c.metric as Metric, op: c.op as Op, value: c.value })) })),
      })),
      benefits: benefitsFilled,
      costModel: { ...DEFAULT_COST_MODEL, ...(p.costModel ?? {}) },
    },
  };
}

export function parsePolicy(doc: unknown): Policy {
  const r = checkPolicy(doc);
  if (!r.ok) throw new PolicyError(r.issues);
  return r.policy;
}

/** Parses policy JSON text; JSON syntax errors are reported like validation issues. */
export function parsePolicyText(text: string): Policy {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new PolicyError([`(document): not valid JSON: ${(e as Error).message}`]);
  }
  return parsePolicy(doc);
}

const c = (metric: Metric, op: Op, value: number): Condition => ({ metric, op, value });

/** Version 1 of every new database, from seed 000 (超 → `>`, 满/达/至少 → `>=`). */
export const SEED_POLICY: Policy = {
  name: '种子政策（卡盟客户级别，seed 000）',
  windowMonths: 6,
  protectionDays: 90,
  reviewCooldownDays: 90,
  tiers: [
    { id: 'regular', requiresReview: false, rules: [{ all: [c('realnameVerified', '==', 1), c('paidOrders', '>=', 1)] }] },
    { id: 'silver', requiresReview: false, rules: [{ all: [c('cumulativeSpend', '>=', 500)] }, { all: [c('monthlyOrders', '>=', 3)] }] },
    { id: 'gold', requiresReview: false, rules: [{ all: [c('cumulativeSpend', '>=', 2000)] }, { all: [c('activeReferrals', '>=', 5)] }] },
    {
      id: 'diamond',
      requiresReview: false,
      rules: [
        { all: [c('cumulativeSpend', '>=', 5000), c('monthlySpend', '>', 1000)] },
        { all: [c('enterprise', '==', 1), c('monthlySpend', '>', 3000)] },
      ],
    },
    { id: 'supreme', requiresReview: true, rules: [{ all: [c('cumulativeSpend', '>', 20000)] }, { all: [c('annualSpend', '>', 100000)] }] },
  ],
  benefits: DEFAULT_BENEFITS,
  costModel: DEFAULT_COST_MODEL,
};

/** The second grading of seed 001, shipped as a preset the user loads as a draft. */
export const SEED_001_PRESET: Policy = {
  ...SEED_POLICY,
  name: '预设：卡盟等级（seed 001）',
  tiers: [
    {
      id: 'regular',
      requiresReview: false,
      rules: [{ all: [c('realnameVerified', '==', 1), c('phoneVerified', '==', 1), c('paidOrders', '>=', 1)] }],
    },
    { id: 'silver', requiresReview: false, rules: [{ all: [c('cumulativeSpend', '>=', 500)] }] },
    { id: 'gold', requiresReview: false, rules: [{ all: [c('cumulativeSpend', '>=', 2000)] }] },
    { id: 'diamond', requiresReview: false, rules: [{ all: [c('cumulativeSpend', '>=', 5000), c('monthlyOrders', '>=', 10)] }] },
    { id: 'supreme', requiresReview: true, rules: [{ all: [c('cumulativeSpend', '>', 20000), c('activeReferrals', '>=', 5)] }] },
  ],
};

export const POLICY_PRESETS = { seed000: SEED_POLICY, seed001: SEED_001_PRESET } as const;
