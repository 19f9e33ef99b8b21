import { memo } from 'react';
import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { TIERS, type Tier } from '@shared/tiers';
import type { MoverPage } from '@shared/api/channels/policy';
import { useFormat } from '../../../lib/useFormat';
import { TierDot } from '../../../components/Tier';
import { fen, same } from './figures';

/** A plain table: it is redrawn with every simulation while a threshold is dragged. */
export const MoversTable = memo(
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
