import { TIER_NAMES, isTier } from '@shared/tiers';
import type { ExportLang } from './csv';

type Labels = Record<string, { 'zh-CN': string; en: string }>;

const KIND: Labels = {
  individual: { 'zh-CN': '个人用户', en: 'Individual' },
  enterprise: { 'zh-CN': '企业用户', en: 'Enterprise' },
};

const CAUSE: Labels = {
  evaluation: { 'zh-CN': '定期评估', en: 'Evaluation' },
  protection_expiry: { 'zh-CN': '保护期结束', en: 'Protection ended' },
  review: { 'zh-CN': '人工审核', en: 'Review' },
  override: { 'zh-CN': '手动调整', en: 'Manual override' },
  policy: { 'zh-CN': '策略变更', en: 'Policy change' },
};

const CONTRACT_STATUS: Labels = {
  draft: { 'zh-CN': '草稿', en: 'Draft' },
  active: { 'zh-CN': '生效中', en: 'Active' },
  suspended: { 'zh-CN': '已暂停', en: 'Suspended' },
  expired: { 'zh-CN': '已到期', en: 'Expired' },
  terminated: { 'zh-CN': '已终止', en: 'Terminated' },
};

const CONTRACT_FLAG: Labels = {
  expiring: { 'zh-CN': '即将到期', en: 'Expiring' },
  'at-risk': { 'zh-CN': '客户已非至尊', en: 'At risk' },
  behind: { 'zh-CN': '采购进度落后', en: 'Behind' },
};

const label =
  (table: Labels) =>
  (id: string | null | undefined, lang: ExportLang): string | null =>
    id === null || id === undefined ? null : (table[id]?.[lang] ?? id);

export const tierLabel = (t: string | null | undefined, lang: ExportLang): string | null =>
  t && isTier(t) ? TIER_NAMES[t][lang] : (t ?? null);
export const kindLabel = label(KIND);
export const causeLabel = label(CAUSE);
export const contractStatusLabel = label(CONTRACT_STATUS);
export const contractFlagLabel = label(CONTRACT_FLAG);
export const yesNo = (v: boolean | number | null | undefined, lang: ExportLang): string | null =>
  v === null || v === undefined ? null : v ? (lang === 'zh-CN' ? '是' : 'yes') : lang === 'zh-CN' ? '否' : 'no';
