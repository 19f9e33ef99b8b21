import { Card, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { TIERS, TIER_COLORS, type Tier } from '@shared/tiers';
import type { TrendPoint } from '@shared/api';
import { isoDateToMs } from '../../lib/format';
import { niceTicks } from '../../lib/ticks';
import { useFormat } from '../../lib/useFormat';
import { TierLegend } from '../../components/Tier';
import { ChartTooltip } from './ChartTooltip';
import { dateTicks } from './trendAxis';

type Datum = { asOf: string; t: number; total: number } & Record<Tier, number>;

const MARGIN = { top: 8, right: 48, bottom: 24, left: 24 };

export function TrendCard({ trend }: { trend: TrendPoint[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const data: Datum[] = trend.map((p) => ({
    asOf: p.asOf,
    t: isoDateToMs(p.asOf),
    total: TIERS.reduce((s, tier) => s + p.counts[tier], 0),
    ...p.counts,
  }));
  const yTicks = niceTicks(Math.max(0, ...data.map((d) => d.total)));
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
  const yAxis = (
    <YAxis
      type="number"
      domain={[0, yTicks.at(-1)!]}
      ticks={yTicks}
      interval={0}
      tickFormatter={(v: number) => f.count(v)}
      width={64}
      label={{ value: t('dashboard.axisCustomers'), angle: -90, position: 'insideLeft', offset: -8, style: { textAnchor: 'middle' } }}
    />
  );
  return (
    <Card
      title={t('dashboard.trend')}
      data-testid="trend-card"
      data-points={trend.length}
      data-mode={trend.length === 1 ? 'single' : 'time'}
    >
      <Typography.Paragraph type="secondary" className="card-hint">
        {t('dashboard.trendHint')}
      </Typography.Paragraph>
      {trend.length === 0 ? (
        <Empty description={t('dashboard.trendEmpty')} />
      ) : trend.length === 1 ? (
        // One date is no trend: its distribution as bars (an empty tier draws nothing) and a word on what comes.
        <>
          <Typography.Paragraph type="secondary" data-testid="trend-single">
            {t('dashboard.trendSingle', { date: f.date(data[0]!.asOf) })}
          </Typography.Paragraph>
          <ResponsiveContainer width="100%" height={320}>
            <BarChart data={TIERS.map((tier) => ({ tier, name: t(`tier.${tier}`), count: data[0]![tier] }))} margin={MARGIN}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="name" interval={0} tick={{ fontSize: 12 }} />
              {yAxis}
              <Bar dataKey="count" radius={[4, 4, 0, 0]} barSize={36} isAnimationActive={false} shape={TierBar} />
            </BarChart>
          </ResponsiveContainer>
        </>
      ) : (
        <>
          <TierLegend tiers={TIERS} />
          <ResponsiveContainer width="100%" height={320}>
            <AreaChart data={data} margin={MARGIN}>
              <CartesianGrid strokeDasharray="3 3" />
              {/* A time axis: dates 90 days apart lie 90 times as far apart as dates a day apart. */}
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={['dataMin', 'dataMax']}
                ticks={dateTicks(data.map((d) => d.asOf))}
                tickFormatter={(v: number) => f.dateMs(v)}
                label={{ value: t('dashboard.axisDate'), position: 'insideBottom', offset: -16 }}
              />
              {yAxis}
              <Tooltip content={tooltip} />
              {TIERS.map((tier, i) => (
                <Area
                  key={tier}
                  type="linear"
                  dataKey={tier}
                  stackId="tiers"
                  name={t(`tier.${tier}`)}
                  stroke={TIER_COLORS[tier]}
                  fill={TIER_COLORS[tier]}
                  fillOpacity={0.75}
                  // One mark per evaluation date, on the top of the stack (the total); the tooltip splits it.
                  dot={i === TIERS.length - 1 ? { r: 3, fill: '#fff', stroke: '#595959', strokeWidth: 1.5 } : false}
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

/** A bar of the one-date view, in its tier's colour. */
function TierBar(props: { x?: number; y?: number; width?: number; height?: number; payload?: { tier: Tier } }) {
  const { x = 0, y = 0, width = 0, height = 0, payload } = props;
  if (!payload || height <= 0) return null;
  return <rect x={x} y={y} width={width} height={height} rx={3} fill={TIER_COLORS[payload.tier]} data-tier={payload.tier} />;
}
