import { useState } from 'react';
import { Button, Card, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '@shared/api';
import type { ContractInfo } from '@shared/api/channels/contracts';
import { useContractsStore, type StatusAction } from './store';

/**
 * Activate, suspend, resume or terminate, with a reason for the record (mandatory for a termination).
 * Inline under the header rather than a modal (antd's modal scroll lock breaks the strict CSP).
 */
export function ContractActionPanel({
  action,
  contract,
  onClose,
  onRefused,
}: {
  action: StatusAction;
  contract: ContractInfo;
  onClose: () => void;
  onRefused: (e: ApiError) => void;
}) {
  const { t } = useTranslation();
  const act = useContractsStore((s) => s.act);
  const [busy, setBusy] = useState(false);
  const mandatory = action === 'terminate';
  const submit = async ({ reason }: { reason: string }) => {
    setBusy(true);
    const error = await act(action, contract.number, reason ?? '');
    setBusy(false);
    if (error) onRefused(error);
    else onClose();
  };
  return (
    <Card
      size="small"
      className="contracts-alert contract-action-panel"
      data-testid="contract-action-panel"
      title={t('contracts.confirm.title', { action: t(`contracts.action.${action}`), number: contract.number })}
    >
      <Typography.Paragraph>{t(`contracts.confirm.${action}`)}</Typography.Paragraph>
      <Form layout="vertical" onFinish={(v: { reason: string }) => void submit(v)} initialValues={{ reason: '' }}>
        <Form.Item
          name="reason"
          label={t('contracts.confirm.reason')}
          extra={mandatory ? undefined : t('contracts.confirm.reasonOptional')}
          rules={mandatory ? [{ required: true, whitespace: true, message: t('contracts.confirm.reasonRequired') }] : []}
        >
          <Input.TextArea autoFocus rows={2} maxLength={2000} data-testid="action-reason" />
        </Form.Item>
        <Space className="contracts-form-footer">
          <Button onClick={onClose}>{t('contracts.confirm.cancel')}</Button>
          <Button type="primary" danger={action === 'terminate'} htmlType="submit" loading={busy} data-testid="action-confirm">
            {t(`contracts.action.${action}`)}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
