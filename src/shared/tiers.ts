export const TIERS = ['none', 'regular', 'silver', 'gold', 'diamond', 'supreme'] as const;
export type Tier = (typeof TIERS)[number];
/** Tiers a policy grades; `none` is what a customer failing `regular` gets. */
export const RANKED_TIERS = ['regular', 'silver', 'gold', 'diamond', 'supreme'] as const;
export type RankedTier = (typeof RANKED_TIERS)[number];

export const tierOrder = (t: Tier): number => TIERS.indexOf(t);
export const tierAt = (order: number): Tier => TIERS[order]!;
export const isTier = (s: string): s is Tier => (TIERS as readonly string[]).includes(s);

export const TIER_NAMES: Record<Tier, { 'zh-CN': string; en: string }> = {
  none: { 'zh-CN': '未定级', en: 'Unranked' },
  regular: { 'zh-CN': '普通会员', en: 'Regular' },
  silver: { 'zh-CN': '白银会员', en: 'Silver' },
  gold: { 'zh-CN': '黄金会员', en: 'Gold' },
  diamond: { 'zh-CN': '钻石会员', en: 'Diamond' },
  supreme: { 'zh-CN': '至尊合作伙伴', en: 'Supreme Partner' },
};

/** One colour per tier, used by every chart and tag so a tier looks the same everywhere. */
export const TIER_COLORS: Record<Tier, string> = {
  none: '#bfbfbf',
  regular: '#8c8c8c',
  silver: '#69b1ff',
  gold: '#faad14',
  diamond: '#9254de',
  supreme: '#cf1322',
};
