import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../../shared/api';

/** A failure in the UI language (from its stable code), with the server's English message as the detail. */
export function DataError({ error, onClose, testId = 'data-error' }: { error: ApiError; onClose?: () => void; testId?: string }) {
  const { t, i18n } = useTranslation();
  const key = `data.errors.${error.code}`;
  return (
    <Alert
      type="error"
      showIcon
      closable={onClose !== undefined}
      onClose={onClose}
      data-testid={testId}
      data-code={error.code}
      title={i18n.exists(key) ? t(key) : t('data.errors.generic')}
      description={t('data.errors.detail', { message: error.message })}
    />
  );
}
