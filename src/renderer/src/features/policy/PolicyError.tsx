import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../../shared/api';

/** A refusal or failure in the UI language (from the stable error code), the engine's English message as the detail. */
export function PolicyError({ error, onClose }: { error: ApiError; onClose?: () => void }) {
  const { t, i18n } = useTranslation();
  const key = `policy.errors.${error.code}`;
  return (
    <Alert
      type="error"
      showIcon
      closable={onClose !== undefined}
      onClose={onClose}
      data-testid="policy-error"
      data-code={error.code}
      title={i18n.exists(key) ? t(key) : t('policy.errors.generic')}
      description={<span className="error-detail">{error.message}</span>}
    />
  );
}
