import { Card, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { TIERS, TIER_COLORS, type Tier } from '@shared/tiers';
import type { TrendPoint } from '@shared/api';
import { useFormat } from '../../lib/useFormat';
import { TierLegend } from '../../components/Tier';
import { ChartTooltip } from './ChartTooltip';

type Datum = { asOf: string; total: number } & Record<Tier, number>;

export function TrendCard({ trend }: { trend: TrendPoint[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const data: Datum[] = trend.map((p) => ({ asOf: p.asOf, total: TIERS.reduce((s, tier) => s + p.counts[tier], 0), ...p.counts }));
  const tooltip = ({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: Datum }> }) => {
    const d = payload?.[0]?.payload;
    if (!active || !d) return null;
    return (
      <ChartTooltip
        title={f.date(d.asOf)}
        rows={[...TIERS].reverse().map((tier) => ({
          key: tier,
          color: TIER_COLORS[tier],
          name: t(`tier.${tier}`),
          value: t('dashboard.tooltipCount', { n: f.count(d[tier]), share: f.percent(d.total ? d[tier] / d.total : 0) }),
        }))}
      />
    );
  };
  return (
    <Card title={t('dashboard.trend')} data-testid="trend-card" data-points={trend.length}>
      <Typography.Paragraph type="secondary" className="card-hint">
        {t('dashboard.trendHint')}
      </Typography.Paragraph>
      {trend.length === 0 ? (
        <Empty description={t('dashboard.trendEmpty')} />
      ) : (
        <>
          {trend.length === 1 && <Typography.Paragraph type="secondary">{t('dashboard.trendSingle')}</Typography.Paragraph>}
          <TierLegend tiers={TIERS} />
          <ResponsiveContainer width="100%" height={320}>
            <AreaChart data={data} margin={{ top: 8, right: 24, bottom: 24, left: 16 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis
                dataKey="asOf"
                tickFormatter={(v: string) => f.dateShort(v)}
                label={{ value: t('dashboard.axisDate'), position: 'insideBottom', offset: -16 }}
              />
              <YAxis
                tickFormatter={(v: number) => f.count(v)}
                width={64}
                label={{
                  value: t('dashboard.axisCustomers'),
                  angle: -90,
                  position: 'insideLeft',
                  offset: -8,
                  style: { textAnchor: 'middle' },
                }}
              />
              <Tooltip content={tooltip} />
              {TIERS.map((tier) => (
                <Area
                  key={tier}
                  type="monotone"
                  dataKey={tier}
                  stackId="tiers"
                  name={t(`tier.${tier}`)}
                  stroke={TIER_COLORS[tier]}
                  fill={TIER_COLORS[tier]}
                  fillOpacity={0.75}
                  dot={trend.length === 1}
                  isAnimationActive={false}
                />
              ))}
            </AreaChart>
          </ResponsiveContainer>
        </>
      )}
    </Card>
  );
}
