import { Tag, Tooltip } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Tier } from '@shared/tiers';
import type { OverrideMark } from '@shared/api/channels/customers';
import { TierDot } from '../../components/Tier';
import { useFormat } from '../../lib/useFormat';

/** A tier with its colour; with an override, the lock and who set it until when (in the tooltip and for screen readers). */
export function TierLabel({ tier, override }: { tier: Tier; override?: OverrideMark | null }) {
  const { t } = useTranslation();
  return (
    <span className="tier-label" data-tier={tier}>
      <TierDot tier={tier} />
      {t(`tier.${tier}`)}
      {override && <OverrideTag override={override} />}
    </span>
  );
}

export function OverrideTag({ override }: { override: OverrideMark }) {
  const { t } = useTranslation();
  const f = useFormat();
  const until = override.until ? t('customers.overrideUntil', { date: f.date(override.until) }) : t('customers.overrideOpenEnded');
  const title = t('customers.overrideTitle', {
    tier: t(`tier.${override.tier}`),
    actor: override.actor,
    setOn: f.date(override.setOn),
    until,
    reason: override.reason,
  });
  return (
    <Tooltip title={title}>
      <Tag
        className="override-tag"
        color="purple"
        icon={<LockOutlined />}
        aria-label={title}
        data-testid="override-tag"
        data-actor={override.actor}
        data-until={override.until ?? ''}
      >
        {t('customers.overrideMark')}
      </Tag>
    </Tooltip>
  );
}
