import { memo } from 'react';
import { Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SimulationSummary } from '@shared/api/channels/policy';
import { useFormat } from '../../../lib/useFormat';
import { deltaClass, same, signedCny } from './figures';

const pickHeadline = (s: SimulationSummary) => [
  s.upgrades,
  s.downgrades,
  s.protectedDowngrades,
  s.protectedUntil,
  s.difference.cost.total.net,
];

export const Headline = memo(
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
