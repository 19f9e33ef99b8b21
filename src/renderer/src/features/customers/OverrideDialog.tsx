import { useState } from 'react';
import { App, Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '@shared/api';
import type { CustomerFile } from '@shared/api/channels/customers';
import { TIERS, type Tier } from '@shared/tiers';
import { TierDot } from '../../components/Tier';
import { api } from '../../lib/api';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';

interface Values {
  tier: Tier;
  reason: string;
  until: string;
}

/** Sets an override (tier, mandatory reason, optional last day) or clears it (mandatory reason). */
export function OverrideDialog({
  mode,
  file,
  onClose,
  onDone,
}: {
  mode: 'set' | 'clear';
  file: CustomerFile;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    const r =
      mode === 'set'
        ? await api.overridesSet({ customerId: file.customerId, tier: v.tier, reason: v.reason, until: v.until ? v.until : null })
        : await api.overridesClear({ customerId: file.customerId, reason: v.reason });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    void message.success(
      mode === 'set'
        ? t('customers.overrideForm.done', { id: file.customerId, tier: t(`tier.${v.tier}`) })
        : t('customers.overrideForm.cleared', { id: file.customerId }),
    );
    onDone();
  };

  return (
    <Modal
      open
      title={mode === 'set' ? t('customers.overrideForm.title') : t('customers.overrideForm.clearTitle')}
      okText={mode === 'set' ? t('customers.overrideForm.submit') : t('customers.overrideForm.clearSubmit')}
      cancelText={t('customers.overrideForm.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'override-submit' } as Record<`data-${string}`, string>}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {mode === 'set' ? t('customers.overrideForm.intro') : t('customers.overrideForm.clearIntro')}
      </Typography.Paragraph>
      {error && <ApiErrorAlert error={error} scope="customers" testId="action-error" />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ tier: file.assignment.tier, reason: '', until: '' }}
        data-testid="override-form"
      >
        {mode === 'set' && (
          <Form.Item name="tier" label={t('customers.overrideForm.tier')} rules={[{ required: true }]}>
            <Select
              data-testid="override-tier"
              options={TIERS.map((tier) => ({
                value: tier,
                label: (
                  <span>
                    <TierDot tier={tier} />
                    {t(`tier.${tier}`)}
                  </span>
                ),
              }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="reason"
          label={t('customers.overrideForm.reason')}
          rules={[{ required: true, whitespace: true, message: t('customers.overrideForm.reasonRequired') }]}
        >
          <Input.TextArea
            autoFocus
            rows={3}
            maxLength={2000}
            placeholder={t('customers.overrideForm.reasonPlaceholder')}
            data-testid="override-reason"
          />
        </Form.Item>
        {mode === 'set' && (
          <Form.Item
            name="until"
            label={t('customers.overrideForm.until')}
            extra={t('customers.overrideForm.untilHint')}
            rules={[
              {
                validator: async (_r, v: string) =>
                  v && v < file.today ? Promise.reject(new Error(t('customers.overrideForm.untilPast', { today: file.today }))) : undefined,
              },
            ]}
          >
            <Input type="date" min={file.today} data-testid="override-until" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
