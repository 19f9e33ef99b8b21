import { Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerFile as File } from '@shared/api/channels/customers';
import type { Tier } from '@shared/tiers';
import { useFormat } from '../../../lib/useFormat';
import { TierLabel } from '../TierLabel';

/** Tier changes, overrides and reviews, newest change first. */
export function History({ file }: { file: File }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (file.history.length === 0 && file.overrides.length === 0)
    return <Typography.Text type="secondary">{t('customers.file.historyEmpty')}</Typography.Text>;
  return (
    <>
      <Timeline
        data-testid="file-history"
        items={[...file.history].reverse().map((h, i) => ({
          key: i,
          color: h.cause === 'override' ? 'purple' : h.cause === 'review' ? 'orange' : 'blue',
          content: (
            <div data-testid="history-item" data-cause={h.cause}>
              <div>
                {f.date(h.date)} · <TierLabel tier={h.from as Tier} /> → <TierLabel tier={h.to as Tier} />
              </div>
              <Typography.Text type="secondary">
                {t('customers.file.historyMeta', { cause: t(`customers.cause.${h.cause}`), actor: h.actor })}
                {h.policyVersion !== null && ` · ${t('customers.file.historyPolicy', { version: h.policyVersion })}`}
              </Typography.Text>
              {h.reason && <div>{h.reason}</div>}
            </div>
          ),
        }))}
      />
      {file.overrides.length > 0 && (
        <>
          <Typography.Title level={5}>{t('customers.file.overrideHistory')}</Typography.Title>
          {file.overrides.map((o) => (
            <div key={o.id} data-testid="override-item">
              {f.date(o.setOn)} · <TierLabel tier={o.tier} /> · {o.actor} · {o.reason}
              {o.until && ` · ${t('customers.overrideUntil', { date: f.date(o.until) })}`}
              {o.clearedOn && (
                <div className="muted">
                  {t('customers.file.overrideCleared', { by: o.clearedBy, on: f.date(o.clearedOn), reason: o.clearedReason })}
                </div>
              )}
            </div>
          ))}
        </>
      )}
      {file.reviews.length > 0 && (
        <>
          <Typography.Title level={5}>{t('customers.file.reviews')}</Typography.Title>
          {file.reviews.map((r) => (
            <div key={r.id}>
              {f.date(r.openedOn)} · <TierLabel tier={r.pendingTier} /> · {t(`customers.reviewStatus.${r.status}`)}
              {r.decidedOn && ` · ${f.date(r.decidedOn)}`}
              {r.actor && ` · ${r.actor}`}
              {r.reason && ` · ${r.reason}`}
            </div>
          ))}
        </>
      )}
    </>
  );
}
