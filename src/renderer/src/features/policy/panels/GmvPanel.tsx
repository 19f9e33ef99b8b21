import { memo } from 'react';
import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { TIERS, TIER_COLORS, type Tier } from '@shared/tiers';
import type { SimulationSummary } from '@shared/api/channels/policy';
import { useFormat } from '../../../lib/useFormat';
import { TierLegend } from '../../../components/Tier';
import { ChartTooltip } from '../../dashboard/ChartTooltip';
import { fen, same, signedCny } from './figures';
import { CompareHead, TierCell } from './TierTable';

const pickGmv = (s: SimulationSummary) => [s.baseline.policyVersion, s.baseline.gmv, s.scenario.gmv, s.scenario.share, s.baseline.share];

export const GmvPanel = memo(
  function GmvPanel({ summary }: { summary: SimulationSummary }) {
    const { t } = useTranslation();
    const f = useFormat();
    const v = summary.baseline.policyVersion;
    const rows = [
      {
        key: 'customers-before',
        label: t('policy.panel.gmvRowCustomers', { side: t('policy.panel.active', { version: v }) }),
        ...summary.baseline.share,
      },
      { key: 'customers-after', label: t('policy.panel.gmvRowCustomers', { side: t('policy.panel.draft') }), ...summary.scenario.share },
      {
        key: 'gmv-before',
        label: t('policy.panel.gmvRowGmv', { side: t('policy.panel.active', { version: v }) }),
        ...shares(summary.baseline.gmv),
      },
      { key: 'gmv-after', label: t('policy.panel.gmvRowGmv', { side: t('policy.panel.draft') }), ...shares(summary.scenario.gmv) },
    ];
    return (
      <Card
        size="small"
        title={t('policy.panel.gmv')}
        data-testid="panel-gmv"
        className="panel-card"
        extra={
          <Typography.Text type="secondary">
            {t('policy.panel.gmvTotal', { total: f.cny(fen(summary.baseline.gmv.total)) })}
          </Typography.Text>
        }
      >
        <ResponsiveContainer width="100%" height={170}>
          <BarChart data={rows} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 8 }} barSize={20}>
            <XAxis type="number" domain={[0, 1]} tickFormatter={(x: number) => f.percent(x)} tick={{ fontSize: 11 }} />
            <YAxis type="category" dataKey="label" width={150} tick={{ fontSize: 11 }} />
            <Tooltip
              cursor={{ fillOpacity: 0.06 }}
              content={({ active, payload }) => {
                const d = payload?.[0]?.payload as Record<string, number | string> | undefined;
                if (!active || !d) return null;
                return (
                  <ChartTooltip
                    title={String(d.label)}
                    rows={TIERS.map((tier) => ({
                      key: tier,
                      color: TIER_COLORS[tier],
                      name: t(`tier.${tier}`),
                      value: f.percent(Number(d[tier])),
                    }))}
                  />
                );
              }}
            />
            {TIERS.map((tier) => (
              <Bar key={tier} dataKey={tier} stackId="s" fill={TIER_COLORS[tier]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
        <TierLegend tiers={TIERS} />
        <table className="tier-table">
          <CompareHead before={t('policy.panel.gmvActive')} after={t('policy.panel.gmvDraft')} />
          <tbody>
            {TIERS.map((tier) => (
              <tr key={tier}>
                <TierCell tier={tier} />
                <td className="num">{f.cny(fen(summary.baseline.gmv[tier]))}</td>
                <td className="num" data-testid={`gmv-after-${tier}`}>
                  {f.cny(fen(summary.scenario.gmv[tier]))}
                </td>
                <td className="num">{signedCny(f, summary.difference.gmv[tier])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    );
  },
  (a, b) => same(pickGmv(a.summary), pickGmv(b.summary)),
);

function shares(gmv: SimulationSummary['baseline']['gmv']): Record<Tier, number> {
  return Object.fromEntries(TIERS.map((t) => [t, gmv.total ? gmv[t] / gmv.total : 0])) as Record<Tier, number>;
}
