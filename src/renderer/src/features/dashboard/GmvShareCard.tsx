import { Alert, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { TIERS, TIER_COLORS, type Tier } from '@shared/tiers';
import type { GmvShare } from '@shared/api';
import { useFormat } from '../../lib/useFormat';
import { TierDot, TierLegend } from '../../components/Tier';
import { ChartTooltip } from './ChartTooltip';
import { topConcentration } from './concentration';

type Row = { metric: 'customers' | 'gmv'; label: string } & Record<Tier, number>;

export function GmvShareCard({ gmv }: { gmv: GmvShare }) {
  const { t } = useTranslation();
  const f = useFormat();
  const byTier = new Map(gmv.tiers.map((r) => [r.tier, r]));
  const row = (metric: Row['metric'], label: string, pick: (tier: Tier) => number): Row => {
    const shares = Object.fromEntries(TIERS.map((tier) => [tier, pick(tier)])) as Record<Tier, number>;
    return { metric, label, ...shares };
  };
  const data: Row[] = [
    row('customers', t('dashboard.customerShareBar'), (tier) => byTier.get(tier)?.customerShare ?? 0),
    row('gmv', t('dashboard.gmvShareBar'), (tier) => byTier.get(tier)?.gmvShare ?? 0),
  ];
  const top = topConcentration(gmv);
  const caption =
    top &&
    t('dashboard.gmvShareCaption', {
      tiers: top.single ? t(`tier.${top.from}`) : t('dashboard.tierAndAbove', { tier: t(`tier.${top.from}`) }),
      customerShare: f.percent(top.customerShare),
      customers: f.count(top.customers),
      gmvShare: f.percent(top.gmvShare),
      gmv: f.cny(top.gmvFen),
    });
  const tooltip = ({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: Row }> }) => {
    const d = payload?.[0]?.payload;
    if (!active || !d) return null;
    return (
      <ChartTooltip
        title={d.label}
        rows={[...TIERS].reverse().map((tier) => {
          const r = byTier.get(tier);
          const value =
            d.metric === 'customers'
              ? t('dashboard.tooltipCount', { n: f.count(r?.customers ?? 0), share: f.percent(r?.customerShare ?? 0) })
              : t('dashboard.tooltipGmv', { gmv: f.cny(r?.gmvFen ?? 0), share: f.percent(r?.gmvShare ?? 0) });
          return { key: tier, color: TIER_COLORS[tier], name: t(`tier.${tier}`), value };
        })}
      />
    );
  };
  const range = gmv.from && gmv.asOf ? t('dashboard.gmvShareRange', { from: f.date(gmv.from), to: f.date(gmv.asOf) }) : null;
  return (
    <Card
      title={t('dashboard.gmvShare')}
      extra={range && <Typography.Text type="secondary">{range}</Typography.Text>}
      data-testid="gmv-card"
    >
      <Typography.Paragraph type="secondary" className="card-hint">
        {t('dashboard.gmvShareHint')}
      </Typography.Paragraph>
      {caption && <Alert type="info" showIcon title={caption} className="gmv-caption" data-testid="gmv-caption" />}
      <TierLegend tiers={TIERS} />
      <ResponsiveContainer width="100%" height={150}>
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 24, bottom: 24, left: 8 }} barCategoryGap={14}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis
            type="number"
            domain={[0, 1]}
            ticks={[0, 0.25, 0.5, 0.75, 1]}
            tickFormatter={(v: number) => f.percent(v)}
            label={{ value: t('dashboard.axisShare'), position: 'insideBottom', offset: -16 }}
          />
          <YAxis type="category" dataKey="label" width={96} />
          <Tooltip content={tooltip} cursor={{ fillOpacity: 0.06 }} />
          {TIERS.map((tier) => (
            <Bar key={tier} dataKey={tier} stackId="share" name={t(`tier.${tier}`)} fill={TIER_COLORS[tier]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
      <table className="tier-table tier-table-wide" data-testid="gmv-table">
        <thead>
          <tr>
            <th />
            <th>{t('common.customers')}</th>
            <th>{t('dashboard.customerShareBar')}</th>
            <th>{t('common.gmv')}</th>
            <th>{t('dashboard.gmvShareBar')}</th>
          </tr>
        </thead>
        <tbody>
          {[...gmv.tiers].reverse().map((r) => (
            <tr key={r.tier} data-tier={r.tier}>
              <td>
                <TierDot tier={r.tier} />
                {t(`tier.${r.tier}`)}
              </td>
              <td className="num">{f.count(r.customers)}</td>
              <td className="num">{f.percent(r.customerShare)}</td>
              <td className="num" data-testid={`gmv-fen-${r.tier}`}>
                {f.cny(r.gmvFen)}
              </td>
              <td className="num">{f.percent(r.gmvShare)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
