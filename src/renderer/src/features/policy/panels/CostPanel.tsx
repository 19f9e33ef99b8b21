import { memo } from 'react';
import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { TIERS } from '@shared/tiers';
import { COST_FIGURES, type CostFigure, type SimulationSummary } from '@shared/api/channels/policy';
import { useFormat } from '../../../lib/useFormat';
import { deltaClass, fen, same, signedCny } from './figures';
import { CompareHead, TierCell } from './TierTable';

const pickCost = (s: SimulationSummary) => [s.baseline.policyVersion, s.baseline.cost, s.scenario.cost];

export const CostPanel = memo(
  function CostPanel({ summary }: { summary: SimulationSummary }) {
    const { t } = useTranslation();
    const f = useFormat();
    const before = summary.baseline.cost,
      after = summary.scenario.cost,
      diff = summary.difference.cost;
    const benefit = (c: Record<CostFigure, number>) => c.discount + c.rebate + c.points;
    return (
      <Card
        size="small"
        title={t('policy.panel.cost')}
        data-testid="panel-cost"
        className="panel-card"
        extra={<Typography.Text type="secondary">{t('policy.panel.costHint')}</Typography.Text>}
      >
        <table className="tier-table">
          <CompareHead before={t('policy.panel.active', { version: summary.baseline.policyVersion })} after={t('policy.panel.draft')} />
          <tbody>
            {COST_FIGURES.map((k) => {
              // Costs going up are bad; revenue and net going up are good.
              const good = k === 'feeRevenue' || k === 'net';
              return (
                <tr key={k} className={k === 'net' ? 'row-total' : undefined}>
                  <td>{t(`policy.cost.${k}`)}</td>
                  <td className="num" data-testid={`cost-${k}-before`}>
                    {f.cny(fen(before.total[k]))}
                  </td>
                  <td className="num" data-testid={`cost-${k}-after`}>
                    {f.cny(fen(after.total[k]))}
                  </td>
                  <td className={`num ${deltaClass(diff.total[k], good)}`} data-testid={`cost-${k}-delta`}>
                    {signedCny(f, diff.total[k])}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <Typography.Text strong className="panel-subtitle">
          {t('policy.panel.costByTier')}
        </Typography.Text>
        <table className="tier-table">
          <thead>
            <tr>
              <th />
              <th>{t('policy.cost.benefits')}</th>
              <th>{t('policy.cost.feeRevenue')}</th>
              <th>{t('policy.cost.net')}</th>
            </tr>
          </thead>
          <tbody>
            {TIERS.filter((tier) => tier !== 'none').map((tier) => {
              const d = diff.byTier[tier];
              const b = benefit(d);
              return (
                <tr key={tier}>
                  <TierCell tier={tier} />
                  <td className={`num ${deltaClass(b, false)}`}>{signedCny(f, b)}</td>
                  <td className={`num ${deltaClass(d.feeRevenue)}`}>{signedCny(f, d.feeRevenue)}</td>
                  <td className={`num ${deltaClass(d.net)}`}>{signedCny(f, d.net)}</td>
                </tr>
              );
            })}
            <tr className="row-total">
              <td>{t('policy.panel.matrixTotal')}</td>
              <td className={`num ${deltaClass(benefit(diff.total), false)}`}>{signedCny(f, benefit(diff.total))}</td>
              <td className={`num ${deltaClass(diff.total.feeRevenue)}`}>{signedCny(f, diff.total.feeRevenue)}</td>
              <td className={`num ${deltaClass(diff.total.net)}`}>{signedCny(f, diff.total.net)}</td>
            </tr>
          </tbody>
        </table>
      </Card>
    );
  },
  (a, b) => same(pickCost(a.summary), pickCost(b.summary)),
);
