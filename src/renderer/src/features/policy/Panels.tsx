import { memo, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Empty, Input, Pagination, Progress, Segmented, Space, Statistic, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { Bar, BarChart, CartesianGrid, Cell, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { RANKED_TIERS, TIERS, TIER_COLORS, type Tier } from '@shared/tiers';
import { COST_FIGURES, type CostFigure, type MoverPage, type SimulationSummary, type SweepOutcome } from '@shared/api/channels/policy';
import { MONEY_METRICS } from '@shared/policy';
import type { Formatters } from '../../lib/format';
import { useFormat } from '../../lib/useFormat';
import { TierDot, TierLegend } from '../../components/Tier';
import { ChartTooltip } from '../dashboard/ChartTooltip';
import { api } from '../../lib/api';
import { conditionPath } from './model';
import { MOVERS_PAGE, runKey, useStudioStore } from './store';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';

const fen = (cny: number) => Math.round(cny * 100);
// Each panel redraws only when its own figures change: a threshold step that moves nobody (or
// moves customers between tiers with the same totals) leaves most panels as they are.
const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);
const pickHeadline = (s: SimulationSummary) => [
  s.upgrades,
  s.downgrades,
  s.protectedDowngrades,
  s.protectedUntil,
  s.difference.cost.total.net,
];
const pickCounts = (s: SimulationSummary) => [s.baseline.policyVersion, s.baseline.counts, s.scenario.counts];
const pickCost = (s: SimulationSummary) => [s.baseline.policyVersion, s.baseline.cost, s.scenario.cost];
const pickGmv = (s: SimulationSummary) => [s.baseline.policyVersion, s.baseline.gmv, s.scenario.gmv, s.scenario.share, s.baseline.share];

const MINUS = '−';
export const signedCount = (f: Formatters, n: number) => (n > 0 ? `+${f.count(n)}` : n < 0 ? `${MINUS}${f.count(-n)}` : '0');
export const signedCny = (f: Formatters, cny: number) =>
  cny > 0 ? `+${f.cny(fen(cny))}` : cny < 0 ? `${MINUS}${f.cny(fen(-cny))}` : f.cny(0);
const deltaClass = (n: number, goodWhenUp = true) => (n === 0 ? 'delta-zero' : n > 0 === goodWhenUp ? 'delta-good' : 'delta-bad');

/** First cell of a per-tier row: the tier's colour and name. */
function TierCell({ tier }: { tier: Tier }) {
  const { t } = useTranslation();
  return (
    <td>
      <TierDot tier={tier} />
      {t(`tier.${tier}`)}
    </td>
  );
}

/** Header of a before/after/change table: the active policy's figures against the draft's. */
function CompareHead({ before, after }: { before: string; after: string }) {
  const { t } = useTranslation();
  return (
    <thead>
      <tr>
        <th />
        <th>{before}</th>
        <th>{after}</th>
        <th>{t('policy.panel.change')}</th>
      </tr>
    </thead>
  );
}

/**
 * Every live panel of the studio, fed by the latest simulation answer. The panels render the answer
 * as a deferred (interruptible) update: a drag on a threshold is handled between slices of the chart
 * rendering instead of waiting behind it, so input never stalls on a large answer.
 */
export function Panels() {
  const live = useStudioStore(useShallow((s) => ({ result: s.result, applied: s.applied })));
  const shown = useDeferredValue(live);
  return (
    <div className="policy-panels" data-testid="policy-panels" data-applied={shown.applied}>
      <StatusBar rendered={shown.applied === live.applied} />
      {shown.result && <ResultPanels summary={shown.result.summary} sweep={shown.result.sweep} />}
    </div>
  );
}

const ResultPanels = memo(function ResultPanels({ summary, sweep }: { summary: SimulationSummary; sweep: SweepOutcome | null }) {
  return (
    <>
      <Headline summary={summary} />
      <DistributionPanel summary={summary} />
      <MatrixPanel summary={summary} />
      <SweepPanel sweep={sweep} />
      <CostPanel summary={summary} />
      <GmvPanel summary={summary} />
      <MoversPanel />
    </>
  );
});

/** `rendered`: the panels show the latest answer (not only the store). */
function StatusBar({ rendered }: { rendered: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { answered, invalid, issues, error, building, result, roundTripMs, hasDoc } = useStudioStore(
    useShallow((s) => {
      const key = runKey(s);
      return {
        answered: key !== null && key === s.resultKey,
        invalid: s.doc !== null && s.checked.policy === null,
        issues: s.checked.all.length,
        error: s.simError,
        building: s.building,
        result: s.result,
        roundTripMs: s.roundTripMs,
        hasDoc: s.doc !== null,
      };
    }),
  );
  const current = answered && rendered;
  // "Updating" only once an answer is late enough to notice: fast re-simulations never flicker.
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (current || invalid) {
      setSlow(false);
      return;
    }
    const timer = setTimeout(() => setSlow(true), 300);
    return () => clearTimeout(timer);
  }, [current, invalid]);
  const state = !hasDoc ? 'loading' : invalid ? 'invalid' : error && current ? 'error' : current ? 'current' : 'updating';
  return (
    <div className="sim-status" data-testid="sim-status" data-state={state} role="status">
      {state === 'invalid' && <Alert type="warning" showIcon title={t('policy.status.invalid', { n: issues })} />}
      {state === 'error' && error && <ApiErrorAlert error={error} scope="policy" testId="policy-error" />}
      {building && !current && (
        <div data-testid="sim-building">
          <Typography.Text>
            {t('policy.status.building', { phase: t(`policy.phase.${building.phase}`, { defaultValue: building.phase }) })}
          </Typography.Text>
          <Progress
            percent={building.phase === 'metrics' ? 5 : Math.min(95, Math.round((building.done / Math.max(1, building.total)) * 100))}
            size="small"
            status="active"
          />
        </div>
      )}
      {result && (
        <Typography.Text type="secondary" className={`sim-meta${slow && state === 'updating' ? ' sim-meta-slow' : ''}`}>
          {slow && state === 'updating' ? `${t('policy.status.updating')} · ` : ''}
          {t('policy.status.meta', {
            customers: f.count(result.summary.customers),
            asOf: f.date(result.summary.asOf),
            engine: result.summary.engineMs.toFixed(1),
            roundTrip: roundTripMs === null ? '—' : Math.round(roundTripMs),
          })}
          {result.summary.metricsCached ? '' : ` · ${t('policy.status.metricsBuilt')}`}
        </Typography.Text>
      )}
      {!result && !building && state === 'updating' && <Typography.Text type="secondary">{t('policy.status.first')}</Typography.Text>}
    </div>
  );
}

const Headline = memo(
  function Headline({ summary }: { summary: SimulationSummary }) {
    const { t } = useTranslation();
    const f = useFormat();
    const net = summary.difference.cost.total.net;
    return (
      <div className="sim-headline">
        <Statistic
          title={t('policy.panel.upgrades')}
          value={f.count(summary.upgrades)}
          valueRender={(n) => <span data-testid="sim-upgrades">{n}</span>}
        />
        <Statistic
          title={t('policy.panel.downgrades')}
          value={f.count(summary.downgrades)}
          valueRender={(n) => <span data-testid="sim-downgrades">{n}</span>}
        />
        <Statistic
          title={t('policy.panel.protected', { date: f.date(summary.protectedUntil) })}
          value={f.count(summary.protectedDowngrades)}
          valueRender={(n) => <span data-testid="sim-protected">{n}</span>}
        />
        <Statistic
          title={t('policy.panel.netDelta')}
          value={signedCny(f, net)}
          valueRender={(n) => (
            <span data-testid="sim-net-delta" className={deltaClass(net)}>
              {n}
            </span>
          )}
        />
      </div>
    );
  },
  (a, b) => same(pickHeadline(a.summary), pickHeadline(b.summary)),
);

const DistributionPanel = memo(
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

const MatrixPanel = memo(
  function MatrixPanel({ summary }: { summary: SimulationSummary }) {
    const { t } = useTranslation();
    const f = useFormat();
    const { filter, setMoversQuery } = useStudioStore(useShallow((s) => ({ filter: s.moversQuery, setMoversQuery: s.setMoversQuery })));
    const cellTitle = (from: Tier, to: Tier, n: number) =>
      t('policy.panel.matrixCell', { from: t(`tier.${from}`), to: t(`tier.${to}`), n: f.count(n) });
    let maxOff = 0;
    for (const a of TIERS) for (const b of TIERS) if (a !== b) maxOff = Math.max(maxOff, summary.matrix[a][b]);
    const style = (from: Tier, to: Tier, v: number) => {
      const i = TIERS.indexOf(from),
        j = TIERS.indexOf(to);
      if (i === j) return { background: v ? '#f0f0f0' : undefined };
      if (!v) return undefined;
      const a = 0.15 + 0.7 * (Math.log1p(v) / Math.log1p(maxOff || 1));
      return {
        background: j > i ? `rgba(82, 196, 26, ${a.toFixed(3)})` : `rgba(245, 34, 45, ${a.toFixed(3)})`,
        color: a > 0.6 ? '#fff' : undefined,
      };
    };
    return (
      <Card size="small" title={t('policy.panel.matrix')} data-testid="panel-matrix" className="panel-card">
        <table className="matrix" data-testid="matrix">
          <thead>
            <tr>
              <th className="matrix-corner">{t('policy.panel.matrixCorner')}</th>
              {TIERS.map((to) => (
                <th key={to} scope="col">
                  <TierDot tier={to} />
                  {t(`tier.${to}`)}
                </th>
              ))}
              <th scope="col">{t('policy.panel.matrixTotal')}</th>
            </tr>
          </thead>
          <tbody>
            {TIERS.map((from) => (
              <tr key={from}>
                <th scope="row">
                  <TierDot tier={from} />
                  {t(`tier.${from}`)}
                </th>
                {TIERS.map((to) => {
                  const v = summary.matrix[from][to];
                  const selected = filter.from === from && filter.to === to;
                  const clickable = from !== to && v > 0;
                  return (
                    <td
                      key={to}
                      className={`num${clickable ? ' clickable' : ''}${selected ? ' selected' : ''}`}
                      style={style(from, to, v)}
                      data-testid={`matrix-${from}-${to}`}
                      title={clickable ? cellTitle(from, to, v) : undefined}
                      tabIndex={clickable ? 0 : undefined}
                      onClick={
                        clickable ? () => setMoversQuery(selected ? { from: null, to: null } : { from, to, direction: null }) : undefined
                      }
                      onKeyDown={
                        clickable
                          ? (e) =>
                              (e.key === 'Enter' || e.key === ' ') &&
                              setMoversQuery(selected ? { from: null, to: null } : { from, to, direction: null })
                          : undefined
                      }
                    >
                      {v ? f.count(v) : '·'}
                    </td>
                  );
                })}
                <td className="num matrix-total">{f.count(summary.baseline.counts[from])}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('policy.panel.matrixTotal')}</th>
              {TIERS.map((to) => (
                <td key={to} className="num matrix-total">
                  {f.count(summary.scenario.counts[to])}
                </td>
              ))}
              <td className="num matrix-total">{f.count(summary.customers)}</td>
            </tr>
          </tbody>
        </table>
        <Typography.Text type="secondary" className="panel-note">
          {t('policy.panel.matrixHint')}
        </Typography.Text>
      </Card>
    );
  },
  (a, b) => same(pickCounts(a.summary), pickCounts(b.summary)) && same(a.summary.matrix, b.summary.matrix),
);

/** The sweep of the condition being edited; the chart is redrawn as a deferred update, the marker follows the value. */
function SweepPanel({ sweep }: { sweep: SweepOutcome | null }) {
  const { t } = useTranslation();
  const sel = useStudioStore(
    useShallow((s) => {
      const fc = s.focus;
      const cond = fc ? s.doc?.tiers[fc.tier]?.rules[fc.rule]?.all[fc.condition] : undefined;
      return {
        focus: fc,
        metric: cond?.metric ?? null,
        op: cond?.op ?? null,
        value: cond?.value ?? null,
        windowMonths: s.doc?.windowMonths ?? 6,
        range: fc ? s.ranges[conditionPath(fc.tier, fc.rule, fc.condition)] : undefined,
      };
    }),
  );
  const { focus, metric, op, windowMonths, range } = sel;
  const value = sel.value;
  const matches =
    sweep !== null &&
    focus !== null &&
    sweep.rule === focus.rule &&
    sweep.condition === focus.condition &&
    sweep.tier === RANKED_TIERS[focus.tier];
  const points = matches ? sweep.points : null;
  const title =
    focus && metric && op
      ? t('policy.panel.sweepOf', {
          tier: t(`tier.${RANKED_TIERS[focus.tier]}`),
          rule: focus.rule + 1,
          metric: t(`policy.metric.${metric}`, { months: windowMonths }),
          op: t(`policy.op.${op}`),
        })
      : t('policy.panel.sweep');
  return (
    <Card size="small" title={title} data-testid="panel-sweep" className="panel-card">
      {!focus || !metric ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('policy.panel.sweepEmpty')} />
      ) : !points ? (
        <Typography.Text type="secondary">{t('policy.panel.sweepWaiting')}</Typography.Text>
      ) : (
        <SweepChart
          points={points}
          value={value}
          min={range?.min ?? points[0]!.value}
          max={range?.max ?? points.at(-1)!.value}
          money={MONEY_METRICS.has(metric)}
        />
      )}
    </Card>
  );
}

// Plot area of the sweep chart inside its box: the chart's margins plus the Y axis width.
const SWEEP_LEFT = 8 + 56;
const SWEEP_RIGHT = 16;
const SWEEP_TOP = 20;
const SWEEP_HEIGHT = 220;

/**
 * The sweep's lines are drawn once per sweep; the current-value marker is an overlay placed on the
 * same scale, so dragging a threshold moves a line of HTML instead of redrawing six curves.
 */
function SweepChart({
  points,
  value,
  min,
  max,
  money,
}: {
  points: SweepOutcome['points'];
  value: number | null;
  min: number;
  max: number;
  money: boolean;
}) {
  const { t } = useTranslation();
  const [width, setWidth] = useState(0);
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  useEffect(() => {
    if (!box) return;
    const ro = new ResizeObserver(([e]) => setWidth(e!.contentRect.width));
    ro.observe(box);
    return () => ro.disconnect();
  }, [box]);
  const plot = Math.max(0, width - SWEEP_LEFT - SWEEP_RIGHT);
  const x = value === null || max <= min ? null : SWEEP_LEFT + ((Math.min(max, Math.max(min, value)) - min) / (max - min)) * plot;
  return (
    <div data-testid="sweep-chart" data-points={points.length} data-current={value ?? ''}>
      <div className="sweep-box" ref={setBox}>
        <SweepLines points={points} min={min} max={max} money={money} />
        {x !== null && width > 0 && (
          <div className="sweep-marker" style={{ left: x, top: SWEEP_TOP - 14, height: SWEEP_HEIGHT - SWEEP_TOP - 16 }} aria-hidden>
            <span>{t('policy.panel.current')}</span>
          </div>
        )}
      </div>
      <TierLegend tiers={TIERS} />
    </div>
  );
}

const SweepLines = memo(
  function SweepLines({ points, min, max, money }: { points: SweepOutcome['points']; min: number; max: number; money: boolean }) {
    const { t } = useTranslation();
    const f = useFormat();
    const data = useMemo(() => points.map((p) => ({ value: p.value, ...p.counts })), [points]);
    return (
      <ResponsiveContainer width="100%" height={SWEEP_HEIGHT}>
        <LineChart data={data} margin={{ top: SWEEP_TOP, right: SWEEP_RIGHT, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="value"
            type="number"
            domain={[min, max]}
            tickFormatter={(v: number) => (money ? f.cnyCompact(v * 100) : String(v))}
            tick={{ fontSize: 11 }}
          />
          <YAxis tickFormatter={(v: number) => f.count(v)} width={56} tick={{ fontSize: 11 }} />
          <Tooltip
            content={({ active, payload, label }) => {
              if (!active || !payload?.length) return null;
              const row = payload[0]!.payload as Record<string, number>;
              return (
                <ChartTooltip
                  title={money ? f.cny(Number(label) * 100) : String(label)}
                  rows={TIERS.map((tier) => ({ key: tier, color: TIER_COLORS[tier], name: t(`tier.${tier}`), value: f.count(row[tier]!) }))}
                />
              );
            }}
          />
          {TIERS.map((tier) => (
            <Line key={tier} dataKey={tier} stroke={TIER_COLORS[tier]} dot={false} strokeWidth={2} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    );
  },
  (a, b) => a.min === b.min && a.max === b.max && a.money === b.money && same(a.points, b.points),
);

const CostPanel = memo(
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

const GmvPanel = memo(
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

function MoversPanel() {
  const { t } = useTranslation();
  const f = useFormat();
  const { message } = App.useApp();
  const { liveMovers, query, loading, simulationId, setMoversQuery, loadMoversPage } = useStudioStore(
    useShallow((s) => ({
      liveMovers: s.movers,
      query: s.moversQuery,
      loading: s.moversLoading,
      simulationId: s.result?.simulationId ?? null,
      setMoversQuery: s.setMoversQuery,
      loadMoversPage: s.loadMoversPage,
    })),
  );
  const movers = useDeferredValue(liveMovers);
  const [search, setSearch] = useState(query.search);
  const [exporting, setExporting] = useState(false);
  useEffect(() => {
    if (search === query.search) return;
    const timer = setTimeout(() => setMoversQuery({ search }), 250);
    return () => clearTimeout(timer);
  }, [search, query.search, setMoversQuery]);

  const exportCsv = async () => {
    if (!simulationId) return;
    setExporting(true);
    const r = await downloadMovers(simulationId, query);
    setExporting(false);
    if (r.ok) void message.success(t('policy.movers.exported', { file: r.fileName, rows: f.count(r.rows) }));
    else void message.error(t('policy.movers.exportFailed', { message: r.message }));
  };
  const filtered = Boolean(query.search || query.direction || query.from);
  return (
    <Card size="small" title={t('policy.movers.title')} data-testid="panel-movers" className="panel-card">
      <Space wrap className="movers-bar">
        <Input.Search
          allowClear
          placeholder={t('policy.movers.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 240 }}
          data-testid="movers-search"
          aria-label={t('policy.movers.search')}
        />
        <Segmented
          value={query.direction ?? 'all'}
          onChange={(v) => setMoversQuery({ direction: v === 'all' ? null : (v as 'up' | 'down'), from: null, to: null })}
          options={[
            { value: 'all', label: t('policy.movers.all') },
            { value: 'up', label: t('policy.movers.up') },
            { value: 'down', label: t('policy.movers.down') },
          ]}
          data-testid="movers-direction"
        />
        {query.from && query.to && (
          <Tag closable onClose={() => setMoversQuery({ from: null, to: null })} data-testid="movers-cell">
            {t('policy.movers.cell', { from: t(`tier.${query.from}`), to: t(`tier.${query.to}`) })}
          </Tag>
        )}
        <Button
          icon={<DownloadOutlined />}
          onClick={() => void exportCsv()}
          loading={exporting}
          disabled={!movers || movers.total === 0}
          data-testid="movers-export"
        >
          {t('policy.movers.export')}
        </Button>
      </Space>
      <MoversTable movers={movers} loading={loading} filtered={filtered} />
      {movers && movers.total > 0 && (
        <div className="movers-footer">
          <Typography.Text type="secondary" data-testid="movers-total">
            {t('policy.movers.total', { n: f.count(movers.total) })}
          </Typography.Text>
          <Pagination
            size="small"
            current={Math.floor(movers.offset / MOVERS_PAGE) + 1}
            pageSize={MOVERS_PAGE}
            total={movers.total}
            showSizeChanger={false}
            onChange={(page) => void loadMoversPage((page - 1) * MOVERS_PAGE)}
          />
        </div>
      )}
    </Card>
  );
}

/** A plain table: it is redrawn with every simulation while a threshold is dragged. */
const MoversTable = memo(
  function MoversTable({ movers, loading, filtered }: { movers: MoverPage | null; loading: boolean; filtered: boolean }) {
    const { t } = useTranslation();
    const f = useFormat();
    const names = Object.fromEntries(TIERS.map((tier) => [tier, t(`tier.${tier}`)])) as Record<Tier, string>;
    if (!movers || movers.rows.length === 0) {
      return (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t(filtered ? 'policy.movers.emptyFiltered' : 'policy.movers.empty')}
          data-testid="movers-empty"
        />
      );
    }
    return (
      <table className={`tier-table movers-table${loading ? ' loading' : ''}`} data-testid="movers-table">
        <thead>
          <tr>
            <th>{t('policy.movers.customer')}</th>
            <th className="text">{t('policy.movers.move')}</th>
            <th className="text">{t('policy.movers.assigned')}</th>
            <th>{t('policy.movers.annual')}</th>
            <th>{t('policy.movers.cumulative')}</th>
          </tr>
        </thead>
        <tbody>
          {movers.rows.map((m) => (
            <tr key={m.customerId} data-testid="mover-row">
              <td>
                <span className="mono">{m.customerId}</span> {m.name}
              </td>
              <td className="text">
                <TierTag tier={m.from} name={names[m.from]} /> → <TierTag tier={m.to} name={names[m.to]} />
              </td>
              <td className="text">
                <TierTag tier={m.assigned} name={names[m.assigned]} />
              </td>
              <td className="num">{f.cny(fen(m.annualSpend))}</td>
              <td className="num">{f.cny(fen(m.cumulativeSpend))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  },
  (a, b) => a.loading === b.loading && a.filtered === b.filtered && same(a.movers, b.movers),
);

/** A tier's dot and name; the name is passed in, so a table of them does not subscribe each cell to the language. */
function TierTag({ tier, name }: { tier: Tier; name: string }) {
  return (
    <span className="tier-tag">
      <TierDot tier={tier} />
      {name}
    </span>
  );
}

/** Prepares the movers CSV on the server and saves it in chunks, so a large export never travels as one string. */
async function downloadMovers(
  simulationId: string,
  q: { search: string; direction: 'up' | 'down' | null; from: Tier | null; to: Tier | null },
): Promise<{ ok: true; fileName: string; rows: number } | { ok: false; message: string }> {
  const prepared = await api.simulationMoversCsv({
    simulationId,
    ...(q.search.trim() ? { search: q.search } : {}),
    ...(q.direction ? { direction: q.direction } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
  });
  if (!prepared.ok) return { ok: false, message: prepared.error.message };
  const parts: string[] = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const r = await api.simulationMoversCsvRead({ exportId: prepared.value.exportId, offset });
    if (!r.ok) return { ok: false, message: r.error.message };
    parts.push(r.value.data);
    offset = r.value.next;
  }
  const url = URL.createObjectURL(new Blob(parts, { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = prepared.value.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { ok: true, fileName: prepared.value.fileName, rows: prepared.value.rows };
}
