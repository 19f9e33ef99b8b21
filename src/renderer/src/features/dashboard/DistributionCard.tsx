import { Card, Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, Label, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { TIER_COLORS, type Tier } from '@shared/tiers';
import type { TierDistribution } from '@shared/api';
import { useFormat } from '../../lib/useFormat';
import { TierDot } from '../../components/Tier';
import { ChartTooltip } from './ChartTooltip';

interface Datum {
  tier: Tier;
  name: string;
  count: number;
  share: number;
}

export function DistributionCard({ distribution }: { distribution: TierDistribution }) {
  const { t } = useTranslation();
  const f = useFormat();
  const data: Datum[] = distribution.tiers.map((d) => ({ ...d, name: t(`tier.${d.tier}`) }));
  // Empty tiers would be zero-width slices that still take a padding gap.
  const slices = data.filter((d) => d.count > 0);
  const tooltip = ({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: Datum }> }) => {
    const d = payload?.[0]?.payload;
    if (!active || !d) return null;
    return (
      <ChartTooltip
        title={d.name}
        rows={[
          {
            key: d.tier,
            color: TIER_COLORS[d.tier],
            name: t('common.customers'),
            value: t('dashboard.tooltipCount', { n: f.count(d.count), share: f.percent(d.share) }),
          },
        ]}
      />
    );
  };
  return (
    <Card
      title={t('dashboard.distribution')}
      extra={<Typography.Text type="secondary">{t('dashboard.distributionHint')}</Typography.Text>}
      data-testid="distribution-card"
    >
      <Row gutter={24} align="middle">
        <Col xs={24} xl={10}>
          <ResponsiveContainer width="100%" height={280}>
            <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" tickFormatter={(v: number) => f.count(v)} allowDecimals={false}>
                <Label value={t('dashboard.axisCustomers')} position="insideBottom" offset={-16} />
              </XAxis>
              <YAxis type="category" dataKey="name" width={112} interval={0} tick={{ fontSize: 12 }} />
              <Tooltip content={tooltip} cursor={{ fillOpacity: 0.08 }} />
              <Bar dataKey="count" name={t('common.customers')} radius={[0, 4, 4, 0]} barSize={22}>
                {data.map((d) => (
                  <Cell key={d.tier} fill={TIER_COLORS[d.tier]} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </Col>
        <Col xs={24} md={12} xl={7}>
          <div className="donut">
            <ResponsiveContainer width="100%" height={280}>
              <PieChart>
                <Pie
                  data={slices}
                  dataKey="count"
                  nameKey="name"
                  innerRadius="58%"
                  outerRadius="88%"
                  paddingAngle={1}
                  startAngle={90}
                  endAngle={-270}
                >
                  {slices.map((d) => (
                    <Cell key={d.tier} fill={TIER_COLORS[d.tier]} />
                  ))}
                </Pie>
                <Tooltip content={tooltip} />
              </PieChart>
            </ResponsiveContainer>
            <div className="donut-center" aria-hidden>
              <div className="donut-center-total">{f.count(distribution.total)}</div>
              <div className="donut-center-caption">{t('dashboard.donutCenter')}</div>
            </div>
          </div>
        </Col>
        <Col xs={24} md={12} xl={7}>
          <table className="tier-table" data-testid="distribution-table">
            <thead>
              <tr>
                <th />
                <th>{t('common.customers')}</th>
                <th>{t('common.share')}</th>
              </tr>
            </thead>
            <tbody>
              {data.map((d) => (
                <tr key={d.tier} data-tier={d.tier}>
                  <td>
                    <TierDot tier={d.tier} />
                    {d.name}
                  </td>
                  <td className="num" data-testid={`dist-count-${d.tier}`}>
                    {f.count(d.count)}
                  </td>
                  <td className="num" data-testid={`dist-share-${d.tier}`}>
                    {f.percent(d.share)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Col>
      </Row>
    </Card>
  );
}
