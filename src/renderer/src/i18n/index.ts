import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { TIERS, TIER_NAMES, type Tier } from '@shared/tiers';
import type { Language } from '@shared/api/types';
import zhCN from './zh-CN.json';
import en from './en.json';
import { addFormatters } from '../lib/i18nFormat';

export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'tierdesk.language';

// Tier names have one source (src/shared/tiers.ts, the seeds' wording) shared with the CLI and exports.
const tierNames = (lng: Language): Record<Tier, string> =>
  Object.fromEntries(TIERS.map((t) => [t, TIER_NAMES[t][lng]])) as Record<Tier, string>;

/**
 * Each feature keeps its own texts in features/<name>/i18n/<lang>.json under the key <name>
 * (t('customers.title')), so features are translated without touching this file.
 */
const featureTexts = import.meta.glob<{ default: Record<string, unknown> }>('../features/*/i18n/*.json', { eager: true });
function featureResources(lng: Language): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [file, mod] of Object.entries(featureTexts)) {
    const m = /features\/([^/]+)\/i18n\/([^/]+)\.json$/.exec(file);
    if (m && m[2] === lng) out[m[1]!] = mod.default;
  }
  return out;
}

const isLanguage = (v: unknown): v is Language => (LANGUAGES as readonly unknown[]).includes(v);

function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return isLanguage(v) ? v : 'zh-CN';
  } catch {
    // Storage can be unavailable (privacy settings); the default language is then used every launch.
    return 'zh-CN';
  }
}

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: { ...zhCN, ...featureResources('zh-CN'), tier: tierNames('zh-CN') } },
    en: { translation: { ...en, ...featureResources('en'), tier: tierNames('en') } },
  },
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

addFormatters(i18n);

document.documentElement.lang = i18n.language;

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'zh-CN';
}

export async function setLanguage(lng: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Not remembered, but the switch itself still applies to this session.
  }
  document.documentElement.lang = lng;
  await i18n.changeLanguage(lng);
}

export default i18n;
