import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../../shared/api';

/** A refusal or failure in the UI language (from the stable code), with the engine's English message as the detail. */
export function ActionError({ error, onClose }: { error: ApiError; onClose?: () => void }) {
  const { t, i18n } = useTranslation();
  const key = `customers.errors.${error.code}`;
  return (
    <Alert
      type="error"
      showIcon
      closable={onClose !== undefined}
      onClose={onClose}
      data-testid="action-error"
      data-code={error.code}
      title={i18n.exists(key) ? t(key) : t('customers.errors.generic')}
      description={t('customers.errors.detail', { message: error.message })}
    />
  );
}
