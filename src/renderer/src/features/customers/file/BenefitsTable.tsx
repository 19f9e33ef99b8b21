import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerFile as File } from '@shared/api/channels/customers';
import type { Benefits } from '@shared/policy';
import { useFormat } from '../../../lib/useFormat';

/** The benefits of the tier held, beside those of the next one. */
export function BenefitsTable({ file }: { file: File }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { current, next } = file.benefits;
  if (!current && !next) return <Typography.Text type="secondary">{t('customers.file.benefitsNone')}</Typography.Text>;
  const rows: [string, (b: Benefits) => string][] = [
    [
      'priceMultiplier',
      (b) => t('customers.benefit.discount', { zhe: String(Math.round(b.priceMultiplier * 100) / 10), pct: f.percent(b.priceMultiplier) }),
    ],
    ['pointsPerCny', (b) => String(b.pointsPerCny)],
    ['quarterlyRebate', (b) => f.percent(b.quarterlyRebate)],
    ['tradingFee', (b) => f.percent(b.tradingFee)],
    ['supportHours', (b) => t('customers.benefit.hours', { n: b.supportHours })],
    ['perks', (b) => b.perks.join('；')],
  ];
  return (
    <table className="benefits" data-testid="file-benefits">
      <thead>
        <tr>
          <th />
          <th>
            {current ? t('customers.file.benefitsCurrent', { tier: t(`tier.${file.assignment.tier}`) }) : t('customers.file.benefitsNone')}
          </th>
          {next && file.next && <th>{t('customers.file.benefitsNext', { tier: t(`tier.${file.next.tier}`) })}</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, show]) => (
          <tr key={key}>
            <th>{t(`customers.benefit.${key}`)}</th>
            <td>{current ? show(current) : '—'}</td>
            {next && <td>{show(next)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
