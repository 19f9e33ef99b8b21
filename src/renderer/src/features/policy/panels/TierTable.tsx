import { useTranslation } from 'react-i18next';
import type { Tier } from '@shared/tiers';
import { TierDot } from '../../../components/Tier';

/** First cell of a per-tier row: the tier's colour and name. */
export function TierCell({ tier }: { tier: Tier }) {
  const { t } = useTranslation();
  return (
    <td>
      <TierDot tier={tier} />
      {t(`tier.${tier}`)}
    </td>
  );
}

/** Header of a before/after/change table: the active policy's figures against the draft's. */
export function CompareHead({ before, after }: { before: string; after: string }) {
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
