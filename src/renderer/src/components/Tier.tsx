import { useTranslation } from 'react-i18next';
import { TIER_COLORS, type Tier } from '@shared/tiers';

/** A tier's colour mark; the same colour as the tier's bars, slices and areas in every chart. */
export function TierDot({ tier }: { tier: Tier }) {
  return <span className="tier-dot" style={{ backgroundColor: TIER_COLORS[tier] }} aria-hidden />;
}

/** Chart legend in tier order (recharts' own legend sorts by name, which scrambles the tiers). */
export function TierLegend({ tiers }: { tiers: readonly Tier[] }) {
  const { t } = useTranslation();
  return (
    <ul className="tier-legend">
      {tiers.map((tier) => (
        <li key={tier}>
          <TierDot tier={tier} />
          {t(`tier.${tier}`)}
        </li>
      ))}
    </ul>
  );
}
