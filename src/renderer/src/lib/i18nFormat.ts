import type { i18n as I18n } from 'i18next';
import type { Language } from '@shared/api/types';
import { formatters } from './format';

const fmt = (lng: string | undefined) => formatters((lng === 'en' ? 'en' : 'zh-CN') satisfies Language, 'Asia/Shanghai');

/**
 * The app's formatter inside texts: `{{count, count}}` (12,345), `{{value, percent}}`, `{{fen, money}}`,
 * so a plural text (`_one`/`_other` with `count`) writes its number like the rest of the UI.
 * Numbers do not depend on the time zone; Asia/Shanghai stands in for it. Call after `init`.
 */
export function addFormatters(i18n: I18n): void {
  i18n.services.formatter?.add('count', (value: number, lng) => fmt(lng).count(value));
  i18n.services.formatter?.add('percent', (value: number, lng) => fmt(lng).percent(value));
  i18n.services.formatter?.add('money', (value: number, lng) => fmt(lng).money(value));
}
