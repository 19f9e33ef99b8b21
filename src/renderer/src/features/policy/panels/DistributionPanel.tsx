import { memo } from 'react';
import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { TIERS, TIER_COLORS } from '@shared/tiers';
import type { SimulationSummary } from '@shared/api/channels/policy';
import { useFormat } from '../../../lib/useFormat';
import { ChartTooltip } from '../../dashboard/ChartTooltip';
import { pickCounts, same, signedCount } from './figures';
import { CompareHead, TierCell } from './TierTable';

export const DistributionPanel = memo(
  function DistributionPanel({ summary }: { summary: SimulationSummary }) {
    const { t } = useTranslation();
    const f = useFormat();
    const data = TIERS.map((tier) => ({
      tier,
      name: t(`tier.${tier}`),
      before: summary.baseline.counts[tier],
      after: summary.scenario.counts[tier],
    }));
    return (
      <Card size="small" title={t('policy.panel.distribution')} data-testid="panel-distribution" className="panel-card">
        <div className="panel-split">
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }} barGap={2}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="name" interval={0} tick={{ fontSize: 11 }} angle={-30} textAnchor="end" height={56} />
              <YAxis tickFormatter={(v: number) => f.count(v)} width={56} tick={{ fontSize: 11 }} />
              <Tooltip
                cursor={{ fillOpacity: 0.06 }}
                content={({ active, payload }) => {
                  const d = payload?.[0]?.payload as (typeof data)[number] | undefined;
                  if (!active || !d) return null;
                  return (
                    <ChartTooltip
                      title={d.name}
                      rows={[
                        {
                          key: 'b',
                          color: TIER_COLORS[d.tier],
                          name: t('policy.panel.active', { version: summary.baseline.policyVersion }),
                          value: f.count(d.before),
                        },
                        { key: 'a', color: TIER_COLORS[d.tier], name: t('policy.panel.draft'), value: f.count(d.after) },
                      ]}
                    />
                  );
                }}
              />
              <Bar dataKey="before" isAnimationActive={false} name={t('policy.panel.active', { version: summary.baseline.policyVersion })}>
                {data.map((d) => (
                  <Cell key={d.tier} fill={TIER_COLORS[d.tier]} fillOpacity={0.35} />
                ))}
              </Bar>
              <Bar dataKey="after" isAnimationActive={false} name={t('policy.panel.draft')}>
                {data.map((d) => (
                  <Cell key={d.tier} fill={TIER_COLORS[d.tier]} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
          <table className="tier-table" data-testid="distribution-compare">
            <CompareHead before={t('policy.panel.active', { version: summary.baseline.policyVersion })} after={t('policy.panel.draft')} />
            <tbody>
              {TIERS.map((tier) => {
                const d = summary.difference.counts[tier];
                return (
                  <tr key={tier}>
                    <TierCell tier={tier} />
                    <td className="num" data-testid={`dist-before-${tier}`}>
                      {f.count(summary.baseline.counts[tier])}
                    </td>
                    <td className="num" data-testid={`dist-after-${tier}`}>
                      {f.count(summary.scenario.counts[tier])}
                    </td>
                    <td className={`num ${d === 0 ? 'delta-zero' : ''}`} data-testid={`dist-delta-${tier}`}>
                      {signedCount(f, d)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <Typography.Text type="secondary" className="panel-note">
          {t('policy.panel.distributionNote')}
        </Typography.Text>
      </Card>
    );
  },
  (a, b) => same(pickCounts(a.summary), pickCounts(b.summary)),
);
