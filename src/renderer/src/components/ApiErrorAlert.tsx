import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '@shared/api';

export interface ApiErrorAlertProps {
  error: ApiError;
  /** The feature whose texts explain the code: `${scope}.errors.${code}`, `.generic` and `.detail`. */
  scope: string;
  testId: string;
  /** Interpolation values for the feature's text of this code (e.g. the contract's customer and tier). */
  values?: Record<string, string>;
  onClose?: () => void;
}

/**
 * A refusal or failure in the UI language, from the stable error code (the feature's generic text
 * when it has none for the code), with the engine's English message as the detail that names the
 * thing and the exact cause.
 */
export function ApiErrorAlert({ error, scope, testId, values, onClose }: ApiErrorAlertProps) {
  const { t, i18n } = useTranslation();
  const key = `${scope}.errors.${error.code}`;
  const detailKey = `${scope}.errors.detail`;
  return (
    <Alert
      type="error"
      showIcon
      closable={onClose !== undefined}
      onClose={onClose}
      data-testid={testId}
      data-code={error.code}
      title={i18n.exists(key) ? t(key, values) : t(`${scope}.errors.generic`)}
      description={
        <span data-testid={`${testId}-detail`}>{i18n.exists(detailKey) ? t(detailKey, { message: error.message }) : error.message}</span>
      }
    />
  );
}
