import { memo, useEffect, useMemo, useState } from 'react';
import { Card, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { RANKED_TIERS, TIERS, TIER_COLORS } from '@shared/tiers';
import type { SweepOutcome } from '@shared/api/channels/policy';
import { MONEY_METRICS } from '@shared/policy';
import { useFormat } from '../../../lib/useFormat';
import { TierLegend } from '../../../components/Tier';
import { ChartTooltip } from '../../dashboard/ChartTooltip';
import { conditionPath } from '../model';
import { useStudioStore } from '../store';
import { same } from './figures';

/** The sweep of the condition being edited; the chart is redrawn as a deferred update, the marker follows the value. */
export function SweepPanel({ sweep }: { sweep: SweepOutcome | null }) {
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
