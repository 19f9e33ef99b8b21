import { Alert, Button, Card, Descriptions, Space } from 'antd';
import { LockOutlined, UnlockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CustomerFile as File } from '@shared/api/channels/customers';
import { useFormat } from '../../../lib/useFormat';
import { TierLabel } from '../TierLabel';

/** The tiers the customer holds, computes and waits for; override, protection and review notes; the override buttons. */
export function AssignmentCard({ file, onOverride }: { file: File; onOverride: (mode: 'set' | 'clear') => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const a = file.assignment;
  const overrideUntil = (until: string | null) =>
    until ? t('customers.overrideUntil', { date: f.date(until) }) : t('customers.overrideOpenEnded');
  return (
    <Card size="small" title={t('customers.file.tiers')}>
      <Descriptions column={3} size="small" layout="vertical">
        <Descriptions.Item label={t('customers.file.assigned')}>
          <span data-testid="file-tier">
            <TierLabel
              tier={a.tier}
              override={
                file.override
                  ? {
                      tier: file.override.tier,
                      actor: file.override.actor,
                      setOn: file.override.setOn,
                      until: file.override.until,
                      reason: file.override.reason,
                    }
                  : null
              }
            />
          </span>
          {a.since && <div className="muted">{t('customers.file.since', { date: f.date(a.since) })}</div>}
        </Descriptions.Item>
        <Descriptions.Item label={t('customers.file.computed')}>
          <TierLabel tier={a.computedTier} />
        </Descriptions.Item>
        <Descriptions.Item label={t('customers.file.pending')}>
          {a.pendingTier ? <TierLabel tier={a.pendingTier} /> : <span className="muted">{t('customers.file.none')}</span>}
        </Descriptions.Item>
      </Descriptions>
      {file.override && (
        <Alert
          type="info"
          showIcon
          icon={<LockOutlined />}
          data-testid="file-override"
          title={t('customers.file.override', {
            actor: file.override.actor,
            tier: t(`tier.${file.override.tier}`),
            setOn: f.date(file.override.setOn),
            until: overrideUntil(file.override.until),
            reason: file.override.reason,
          })}
        />
      )}
      {a.protectedUntil && (
        <Alert
          type="warning"
          showIcon
          data-testid="file-protection"
          title={t('customers.file.protection', { tier: t(`tier.${a.tier}`), date: f.date(a.protectedUntil) })}
        />
      )}
      {file.review.open && file.review.pendingTier && file.review.openedOn && (
        <Alert
          type="warning"
          showIcon
          title={t('customers.file.reviewOpen', { tier: t(`tier.${file.review.pendingTier}`), date: f.date(file.review.openedOn) })}
        />
      )}
      {file.review.cooldownUntil && file.review.cooldownUntil >= file.today && (
        <Alert type="info" showIcon title={t('customers.file.cooldown', { date: f.date(file.review.cooldownUntil) })} />
      )}
      <Space>
        <Button icon={<LockOutlined />} onClick={() => onOverride('set')} data-testid="override-set">
          {t('customers.file.setOverride')}
        </Button>
        {file.override && (
          <Button icon={<UnlockOutlined />} onClick={() => onOverride('clear')} data-testid="override-clear">
            {t('customers.file.clearOverride')}
          </Button>
        )}
      </Space>
    </Card>
  );
}
