import { useTranslation } from 'react-i18next';
import { useAppStore } from '../app/store';
import { formatters, type Formatters } from './format';
import { currentLanguage } from '../i18n';

/** Formatters for the UI language and the platform time zone (Asia/Shanghai until app:info answers). */
export function useFormat(): Formatters {
  useTranslation(); // re-render on language change
  const zone = useAppStore((s) => s.info?.zone ?? 'Asia/Shanghai');
  return formatters(currentLanguage(), zone);
}
