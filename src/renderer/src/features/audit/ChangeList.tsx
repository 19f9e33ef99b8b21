import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/useFormat';
import { describeChanges, type Words } from './describe';

/** The labels and words describe.ts needs, in the UI language. */
export function useWords(): Words {
  const { t, i18n } = useTranslation();
  return {
    label: (key) => (i18n.exists(`audit.field.${key}`) ? t(`audit.field.${key}`) : null),
    yes: t('audit.yes'),
    no: t('audit.no'),
    tier: (id) => (i18n.exists(`tier.${id}`) ? t(`tier.${id}`) : null),
    status: (code) => (i18n.exists(`contracts.status.${code}`) ? t(`contracts.status.${code}`) : null),
    items: (n) => t('audit.items', { count: n }),
  };
}

/** Each changed field as `label: before → after`; a creation or deletion as the entity's fields. */
export function ChangeList({
  before,
  after,
  testId = 'audit-diff',
  leaves = false,
}: {
  before: unknown;
  after: unknown;
  testId?: string;
  /** Every leaf of a whole value (an audit row's details) instead of its top-level fields. */
  leaves?: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const lines = describeChanges(before, after, f, useWords(), leaves ? Infinity : 1);
  if (lines.length === 0) return <span className="muted">{t('audit.noChange')}</span>;
  return (
    <dl className="audit-changes" data-testid={testId}>
      {lines.map((l) => (
        <div key={l.path} className="audit-change" data-path={l.path}>
          {l.label && <dt>{l.label}</dt>}
          <dd>
            {l.before !== null && <span className="audit-before">{l.before}</span>}
            {l.before !== null && l.after !== null && <span className="audit-arrow"> → </span>}
            {l.after !== null && <span className="audit-after">{l.after}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}
