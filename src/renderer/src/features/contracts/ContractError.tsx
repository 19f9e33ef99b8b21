import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../../shared/api';
import type { ContractInfo } from '../../../../shared/api/channels/contracts';

/**
 * A refusal or failure in the UI language: the rule it breaks (from the stable error code), with
 * the engine's English message as the detail that names the contract and the exact cause.
 */
export function ContractError({ error, contract, onClose }: { error: ApiError; contract?: Pick<ContractInfo, 'customerId' | 'customerName' | 'customerTier'> | null; onClose?: () => void }) {
  const { t, i18n } = useTranslation();
  const key = `contracts.errors.${error.code}`;
  const title = i18n.exists(key)
    ? t(key, { customer: contract ? t('contracts.customerLabel', { name: contract.customerName, id: contract.customerId }) : '', tier: contract ? t(`tier.${contract.customerTier}`) : '' })
    : t('contracts.errors.generic');
  return (
    <Alert
      type="error"
      showIcon
      closable={onClose !== undefined}
      onClose={onClose}
      data-testid="contract-error"
      data-code={error.code}
      title={title}
      description={<span data-testid="contract-error-detail">{t('contracts.errors.detail', { message: error.message })}</span>}
    />
  );
}
