import { memo } from 'react';
import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { TIERS, type Tier } from '@shared/tiers';
import type { SimulationSummary } from '@shared/api/channels/policy';
import { useFormat } from '../../../lib/useFormat';
import { TierDot } from '../../../components/Tier';
import { useStudioStore } from '../store';
import { pickCounts, same } from './figures';

export const MatrixPanel = memo(
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
