import { Card, Empty, Progress, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ContractDetail } from '@shared/api/channels/contracts';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../lib/useFormat';
import { ChartTooltip } from '../dashboard/ChartTooltip';

const SPEND_COLOR = '#1677ff';
const CUMULATIVE_COLOR = '#cf1322';

interface MonthDatum {
  month: string;
  label: string;
  spendFen: number;
  cumulativeFen: number;
}

/** The commitment year's spend against the commitment, and its months as a chart. */
export function Commitment({ detail }: { detail: ContractDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  const c = detail.contract;
  const p = c.commitment;
  if (!p) {
    return (
      <Card title={t('contracts.col.progress')} data-testid="contract-commitment">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contracts.notStarted', { date: f.date(c.start) })} />
      </Card>
    );
  }
  const monthFormat = new Intl.DateTimeFormat(currentLanguage(), { year: 'numeric', month: 'short', timeZone: 'UTC' });
  let running = 0;
  const data: MonthDatum[] = detail.monthly.map((m) => {
    running += m.spendFen;
    return { month: m.month, label: monthFormat.format(new Date(`${m.month}-01T00:00:00Z`)), spendFen: m.spendFen, cumulativeFen: running };
  });
  const tooltip = ({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: MonthDatum }> }) => {
    const d = payload?.[0]?.payload;
    if (!active || !d) return null;
    return (
      <ChartTooltip
        title={d.label}
        rows={[
          { key: 'm', color: SPEND_COLOR, name: t('contracts.view.monthSpend'), value: f.cny(d.spendFen) },
          { key: 'c', color: CUMULATIVE_COLOR, name: t('contracts.view.cumulative'), value: f.cny(d.cumulativeFen) },
        ]}
      />
    );
  };
  const percent = (x: number) => Math.min(100, Math.round(x * 1000) / 10);
  return (
    <Card
      title={t('contracts.view.commitment', { year: p.year, first: f.date(p.first), last: f.date(p.last) })}
      data-testid="contract-commitment"
      data-progress={p.progress}
      data-behind={p.behind ? '1' : '0'}
    >
      <div className="commitment-row">
        <Typography.Text data-testid="commitment-spent">
          {t('contracts.view.spent', { spent: f.cny(p.spendFen), commitment: f.cny(p.commitmentFen) })}
        </Typography.Text>
        <Progress
          percent={percent(p.progress)}
          format={() => f.percent(p.progress)}
          status={p.behind && c.status === 'active' ? 'exception' : 'normal'}
          data-testid="commitment-progress"
        />
      </div>
      <div className="commitment-row">
        <Typography.Text type="secondary">
          {t('contracts.view.elapsed', { share: f.percent(p.elapsedShare), days: f.count(p.elapsedDays), total: f.count(p.days) })}
        </Typography.Text>
        <Progress percent={percent(p.elapsedShare)} format={() => f.percent(p.elapsedShare)} strokeColor="#bfbfbf" showInfo />
      </div>
      <Space orientation="vertical" size={2}>
        {/* Like the `behind` flag, the verdict concerns a contract in force, not a draft or an ended one. */}
        {(c.status === 'active' || c.status === 'suspended') && (
          <Typography.Text type={p.behind ? 'danger' : 'success'} data-testid="commitment-verdict">
            {p.behind ? t('contracts.view.behind') : t('contracts.view.onTrack')}
          </Typography.Text>
        )}
        {p.days < p.fullDays && <Typography.Text type="secondary">{t('contracts.view.proRata')}</Typography.Text>}
      </Space>
      <Typography.Title level={5} className="commitment-chart-title">
        {t('contracts.view.monthly')}
      </Typography.Title>
      {data.every((d) => d.spendFen === 0) ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contracts.view.monthlyEmpty')} />
      ) : (
        <div data-testid="monthly-chart" data-months={data.length}>
          <ResponsiveContainer width="100%" height={260}>
            <ComposedChart data={data} margin={{ top: 16, right: 16, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 12 }} interval="preserveStartEnd" />
              <YAxis
                tickFormatter={(v: number) => f.cnyCompact(v)}
                width={72}
                domain={[0, (max: number) => Math.max(max, p.commitmentFen)]}
              />
              <Tooltip content={tooltip} cursor={{ fillOpacity: 0.08 }} />
              <Legend />
              <ReferenceLine
                y={p.commitmentFen}
                stroke="#8c8c8c"
                strokeDasharray="6 4"
                label={{ value: t('contracts.view.commitmentLine'), position: 'insideTopRight', fontSize: 12 }}
              />
              <Bar dataKey="spendFen" name={t('contracts.view.monthSpend')} fill={SPEND_COLOR} radius={[4, 4, 0, 0]} barSize={20} />
              <Line
                dataKey="cumulativeFen"
                name={t('contracts.view.cumulative')}
                stroke={CUMULATIVE_COLOR}
                strokeWidth={2}
                dot={{ r: 3 }}
              />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      )}
    </Card>
  );
}
