import { Card, Descriptions, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerFile as File } from '@shared/api/channels/customers';
import { useFormat } from '../../../lib/useFormat';
import { metricLabel } from '../progress';

/** The metrics of the last evaluation and the rule the customer qualified by. */
export function MetricsCard({ file, months }: { file: File; months: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Card size="small" title={t('customers.file.metrics')}>
      {file.asOf && file.window ? (
        <>
          <Typography.Paragraph type="secondary" data-testid="file-window">
            {t('customers.file.metricsAsOf', {
              asOf: f.date(file.asOf),
              version: file.policyVersion,
              months,
              from: f.date(file.window.from),
              to: f.date(file.window.to),
            })}
          </Typography.Paragraph>
          <Descriptions column={2} size="small" bordered data-testid="file-metrics">
            <Descriptions.Item label={metricLabel(t, 'cumulativeSpend', months)}>
              {f.cny(Math.round(file.metrics.cumulativeSpend * 100))}
            </Descriptions.Item>
            <Descriptions.Item label={metricLabel(t, 'paidOrders', months)}>{f.count(file.metrics.paidOrders)}</Descriptions.Item>
            <Descriptions.Item label={metricLabel(t, 'windowSpend', months)}>
              {f.cny(Math.round(file.metrics.windowSpend * 100))}
            </Descriptions.Item>
            <Descriptions.Item label={metricLabel(t, 'monthlySpend', months)}>
              {f.cny(Math.floor(file.metrics.monthlySpend * 100))}
            </Descriptions.Item>
            <Descriptions.Item label={metricLabel(t, 'monthlyOrders', months)}>{file.metrics.monthlyOrders.toFixed(2)}</Descriptions.Item>
            <Descriptions.Item label={metricLabel(t, 'annualSpend', months)}>
              {f.cny(Math.round(file.metrics.annualSpend * 100))}
            </Descriptions.Item>
            <Descriptions.Item label={metricLabel(t, 'activeReferrals', months)}>{f.count(file.metrics.activeReferrals)}</Descriptions.Item>
            <Descriptions.Item label={metricLabel(t, 'contributionPoints', months)}>
              {f.count(file.metrics.contributionPoints)}
            </Descriptions.Item>
          </Descriptions>
        </>
      ) : (
        <Typography.Text type="secondary">{t('customers.file.neverEvaluated')}</Typography.Text>
      )}
      <Typography.Title level={5}>{t('customers.file.qualified')}</Typography.Title>
      {file.qualifiedBy ? (
        <div data-testid="file-qualified">
          {t('customers.file.qualifiedBy', { tier: t(`tier.${file.qualifiedBy.tier}`), n: file.qualifiedBy.ruleIndex + 1 })}{' '}
          {file.qualifiedBy.conditions.map((c, i) => (
            <Tag key={i} color="green">
              {metricLabel(t, c.metric, months)} {c.op} {c.value}
            </Tag>
          ))}
        </div>
      ) : (
        <Typography.Text type="secondary">{t('customers.file.noQualified')}</Typography.Text>
      )}
    </Card>
  );
}
