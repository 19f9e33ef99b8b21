import { useState } from 'react';
import { Alert, Button, Card, Empty, Progress, Select, Space, Typography } from 'antd';
import { PlayCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ApiError } from '@shared/api';
import type { BacktestOutcome, SimulationProgress } from '@shared/api/channels/policy';
import { TIERS, TIER_COLORS } from '@shared/tiers';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/useFormat';
import { TierDot, TierLegend } from '../../components/Tier';
import { ChartTooltip } from '../dashboard/ChartTooltip';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useStudioStore } from './store';

type Choice = 'active' | 'studio' | `draft:${number}`;

/**
 * Backtest: a policy run at the first day of each of the last 12 months, month by month beside what
 * evaluations actually assigned, so a manager sees how a draft would have behaved through the year.
 */
export function BacktestView() {
  const { t } = useTranslation();
  const f = useFormat();
  const { active, drafts, studioPolicy, studioName } = useStudioStore(
    useShallow((s) => ({ active: s.active, drafts: s.drafts, studioPolicy: s.checked.policy, studioName: s.draftName })),
  );
  const [choice, setChoice] = useState<Choice>('active');
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<SimulationProgress | null>(null);
  const [result, setResult] = useState<BacktestOutcome | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const run = async () => {
    setRunning(true);
    setError(null);
    setProgress(null);
    let document: Record<string, unknown> | undefined;
    if (choice === 'studio') document = studioPolicy as unknown as Record<string, unknown>;
    else if (choice.startsWith('draft:')) {
      const d = await api.draftsGet({ id: Number(choice.slice(6)) });
      if (!d.ok) {
        setRunning(false);
        return setError(d.error);
      }
      document = d.value.document;
    }
    const r = await api.simulationBacktest(document ? { document } : {}, setProgress);
    setRunning(false);
    if (r.ok) setResult(r.value);
    else setError(r.error);
  };

  const options = [
    { value: 'active', label: t('policy.backtest.active', { version: active?.version ?? 1 }) },
    ...(studioPolicy
      ? [{ value: 'studio', label: t('policy.backtest.studio', { name: studioName || t('policy.backtest.unnamed') }) }]
      : []),
    ...drafts.filter((d) => d.valid).map((d) => ({ value: `draft:${d.id}`, label: t('policy.backtest.draft', { name: d.name }) })),
  ];
  const data = (result?.months ?? []).map((m) => {
    const row: Record<string, number | string | null> = { date: m.date, label: f.dateShort(m.date) };
    for (const tier of TIERS) {
      row[`sim_${tier}`] = m.counts[tier];
      row[`act_${tier}`] = m.actual ? m.actual.counts[tier] : null;
    }
    return row;
  });
  const withActual = result?.months.filter((m) => m.actual).length ?? 0;

  return (
    <div className="backtest" data-testid="backtest">
      <Card size="small" className="panel-card">
        <Typography.Paragraph type="secondary">{t('policy.backtest.intro')}</Typography.Paragraph>
        <Space wrap>
          <Select<Choice>
            value={choice}
            onChange={setChoice}
            options={options}
            style={{ minWidth: 320 }}
            data-testid="backtest-policy"
            aria-label={t('policy.backtest.policy')}
          />
          <Button type="primary" icon={<PlayCircleOutlined />} loading={running} onClick={() => void run()} data-testid="backtest-run">
            {t('policy.backtest.run')}
          </Button>
        </Space>
        {running && (
          <div data-testid="backtest-progress" role="status" className="backtest-progress">
            <Typography.Text>
              {progress ? t('policy.backtest.progress', { done: progress.done, total: progress.total }) : t('policy.backtest.starting')}
            </Typography.Text>
            <Progress
              percent={progress && progress.total ? Math.round((progress.done / progress.total) * 100) : 0}
              size="small"
              status="active"
            />
          </div>
        )}
        {error && <ApiErrorAlert error={error} scope="policy" testId="policy-error" />}
      </Card>
      {!result && !running && <Empty description={t('policy.backtest.empty')} />}
      {result && (
        <Card
          size="small"
          className="panel-card"
          title={t('policy.backtest.title', { name: result.policyName })}
          data-testid="backtest-result"
          data-months={result.months.length}
        >
          {withActual === 0 && <Alert type="info" showIcon title={t('policy.backtest.noRuns')} className="backtest-note" />}
          <Typography.Text type="secondary">{t('policy.backtest.legend')}</Typography.Text>
          <ResponsiveContainer width="100%" height={320}>
            <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }} barGap={3}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 11 }} />
              <YAxis tickFormatter={(v: number) => f.count(v)} width={64} tick={{ fontSize: 11 }} />
              <Tooltip
                cursor={{ fillOpacity: 0.06 }}
                content={({ active: on, payload }) => {
                  const d = payload?.[0]?.payload as Record<string, number | string | null> | undefined;
                  if (!on || !d) return null;
                  return (
                    <ChartTooltip
                      title={f.date(String(d.date))}
                      rows={TIERS.map((tier) => ({
                        key: tier,
                        color: TIER_COLORS[tier],
                        name: t(`tier.${tier}`),
                        value: `${f.count(Number(d[`sim_${tier}`]))} / ${d[`act_${tier}`] === null ? '—' : f.count(Number(d[`act_${tier}`]))}`,
                      }))}
                    />
                  );
                }}
              />
              {TIERS.map((tier) => (
                <Bar key={`sim_${tier}`} dataKey={`sim_${tier}`} stackId="sim" fill={TIER_COLORS[tier]} isAnimationActive={false} />
              ))}
              {TIERS.map((tier) => (
                <Bar key={`act_${tier}`} dataKey={`act_${tier}`} stackId="act" isAnimationActive={false}>
                  {data.map((row) => (
                    <Cell key={String(row.date)} fill={TIER_COLORS[tier]} fillOpacity={0.45} stroke={TIER_COLORS[tier]} />
                  ))}
                </Bar>
              ))}
            </BarChart>
          </ResponsiveContainer>
          <TierLegend tiers={TIERS} />
          <div className="benefits-scroll">
            <table className="tier-table" data-testid="backtest-table">
              <thead>
                <tr>
                  <th>{t('policy.backtest.month')}</th>
                  {TIERS.map((tier) => (
                    <th key={tier}>
                      <TierDot tier={tier} />
                      {t(`tier.${tier}`)}
                    </th>
                  ))}
                  <th>{t('policy.backtest.actualFrom')}</th>
                </tr>
              </thead>
              <tbody>
                {result.months.map((m) => (
                  <tr key={m.date} data-testid={`backtest-${m.date}`}>
                    <td>{f.date(m.date)}</td>
                    {TIERS.map((tier) => (
                      <td key={tier} className="num">
                        <span data-testid={`backtest-${m.date}-${tier}`}>{f.count(m.counts[tier])}</span>
                        {m.actual && <span className="actual"> / {f.count(m.actual.counts[tier])}</span>}
                      </td>
                    ))}
                    <td className="num">
                      {m.actual ? t('policy.backtest.run_', { date: f.date(m.actual.asOf), version: m.actual.policyVersion }) : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}
    </div>
  );
}
