import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ContractFlag, ContractStatus } from '@shared/api/channels/contracts';
import { TIER_COLORS, type Tier } from '@shared/tiers';
import { TierDot } from '../../components/Tier';
import { useContractsStore } from './store';

const STATUS_COLORS: Record<ContractStatus, string> = {
  draft: 'default',
  active: 'success',
  suspended: 'warning',
  expired: 'default',
  terminated: 'error',
};

const FLAG_COLORS: Record<ContractFlag, string> = {
  expiring: 'orange',
  'at-risk': 'red',
  behind: 'volcano',
};

export function StatusTag({ status }: { status: ContractStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-status={status}>
      {t(`contracts.status.${status}`)}
    </Tag>
  );
}

export function FlagTags({ flags }: { flags: readonly ContractFlag[] }) {
  const { t } = useTranslation();
  const days = useContractsStore((s) => s.card?.expiringDays ?? 30);
  return (
    <>
      {flags.map((f) => (
        <Tooltip key={f} title={t(`contracts.flagHint.${f}`, { days })}>
          <Tag color={FLAG_COLORS[f]} data-flag={f}>
            {t(`contracts.flag.${f}`)}
          </Tag>
        </Tooltip>
      ))}
    </>
  );
}

export function TierName({ tier }: { tier: Tier }) {
  const { t } = useTranslation();
  return (
    <span className="contract-tier" style={{ color: tier === 'none' ? undefined : TIER_COLORS[tier] }}>
      <TierDot tier={tier} />
      {t(`tier.${tier}`)}
    </span>
  );
}
