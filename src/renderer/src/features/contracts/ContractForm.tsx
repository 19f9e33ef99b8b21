import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Space, Spin, Switch } from 'antd';
// The date picker's weekday and month names follow the UI language only with the locale loaded.
import 'dayjs/locale/zh-cn';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ApiError, Result } from '@shared/api';
import type { ContractDetail, ContractFormCheck, ContractInfo, RenewalProposal } from '@shared/api/channels/contracts';
import { parseCnyToFen } from '@shared/money';
import { api } from '../../lib/api';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { TierName } from './tags';
import { DAY, EMPTY, FIELD_OF, checkInput, terms, valuesOf, type FieldName, type FormMode, type Values } from './contractFormValues';

export type { FormMode } from './contractFormValues';

/** The customer and tier a contract refusal names (CONTRACT_NOT_SUPREME); empty when the contract is not known yet. */
export function contractErrorValues(
  t: TFunction,
  contract: Pick<ContractInfo, 'customerId' | 'customerName' | 'customerTier'> | null,
): Record<string, string> {
  if (!contract) return { customer: '', tier: '' };
  return {
    customer: t('contracts.customerLabel', { name: contract.customerName, id: contract.customerId }),
    tier: t(`tier.${contract.customerTier}`),
  };
}

/**
 * Create a draft, edit a contract, or draft a renewal pre-filled from its predecessor. Messages show
 * inline in the UI language: required fields and the CNY format here, the contract rules from the
 * engine's stable rule codes (contracts:check) while typing and again before saving.
 */
export function ContractForm({ mode, onClose, onSaved }: { mode: FormMode; onClose: () => void; onSaved: (d: ContractDetail) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [proposal, setProposal] = useState<RenewalProposal | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [check, setCheck] = useState<ContractFormCheck>({ problems: [], customer: null });
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  // Terms other than the account manager, notes and auto-renew are fixed once a contract is in force.
  const frozen = mode.kind === 'edit' && mode.contract.status !== 'draft';
  const ready = mode.kind !== 'renew' || proposal !== null;

  useEffect(() => {
    if (mode.kind !== 'renew') return;
    void api.contractsRenewalProposal({ number: mode.from.number }).then((r) => {
      if (r.ok) setProposal(r.value);
      else setLoadError(r.error);
    });
  }, [mode]);

  const initial: Values =
    mode.kind === 'edit'
      ? valuesOf(mode.contract.number, mode.contract.customerId, mode.contract)
      : mode.kind === 'renew' && proposal
        ? valuesOf(proposal.number, proposal.customerId, proposal.terms)
        : EMPTY;

  const runCheck = useCallback(async (): Promise<ContractFormCheck | null> => {
    if (frozen) return { problems: [], customer: null };
    const n = ++seq.current;
    const r = await api.contractsCheck(checkInput(form.getFieldsValue(true) as Values, mode));
    if (n !== seq.current) return null;
    if (!r.ok) {
      setSaveError(r.error);
      return null;
    }
    setCheck(r.value);
    return r.value;
  }, [form, mode, frozen]);

  useEffect(() => () => clearTimeout(timer.current), []);
  // A renewal's or an edit's pre-filled terms are checked at once (a customer may have changed tier meanwhile).
  useEffect(() => {
    if (ready && mode.kind !== 'create') void runCheck();
  }, [ready, mode.kind, runCheck]);

  const onValuesChange = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void runCheck(), 250);
  };

  const onFinish = async (v: Values) => {
    clearTimeout(timer.current);
    setSaveError(null);
    const checked = await runCheck();
    if (!checked || checked.problems.length > 0) {
      const first = checked?.problems[0];
      if (first) form.scrollToField(FIELD_OF[first.field], { block: 'center' });
      return;
    }
    setSaving(true);
    let r: Result<'contracts:create'>;
    if (mode.kind === 'create') r = await api.contractsCreate({ number: v.number, customerId: v.customerId.trim(), ...terms(v) });
    else if (mode.kind === 'renew') {
      const { start: _start, ...rest } = terms(v);
      r = await api.contractsRenew({ ...rest, number: mode.from.number, newNumber: v.number });
    } else if (frozen)
      r = await api.contractsUpdate({
        number: mode.contract.number,
        changes: { accountManager: v.accountManager, notes: v.notes, autoRenew: v.autoRenew },
      });
    else r = await api.contractsUpdate({ number: mode.contract.number, changes: terms(v) });
    setSaving(false);
    if (r.ok) onSaved(r.value);
    else setSaveError(r.error);
  };

  const problemOf = (field: FieldName) => check.problems.find((p) => FIELD_OF[p.field] === field);
  const item = (field: FieldName) => {
    const p = problemOf(field);
    return p
      ? { validateStatus: 'error' as const, help: <span data-testid={`rule-${p.rule}`}>{t(`contracts.rules.${p.rule}`)}</span> }
      : {};
  };
  const required = (label: string) => ({ required: true, message: t('contracts.form.required', { field: label }) });

  const title =
    mode.kind === 'create'
      ? t('contracts.form.createTitle')
      : mode.kind === 'edit'
        ? t('contracts.form.editTitle', { number: mode.contract.number })
        : t('contracts.form.renewTitle', { number: mode.from.number });
  const customer =
    mode.kind === 'create'
      ? check.customer
      : mode.kind === 'edit'
        ? {
            customerId: mode.contract.customerId,
            name: mode.contract.customerName,
            tier: check.customer?.tier ?? mode.contract.customerTier,
          }
        : proposal && { customerId: proposal.customerId, name: proposal.customerName, tier: proposal.customerTier };

  return (
    // A card in the page, not a modal: antd's modal scroll lock injects a <style> without the CSP nonce.
    <Card title={title} data-testid="contract-form-card" className="contracts-form-card">
      {loadError && (
        <ApiErrorAlert
          error={loadError}
          scope="contracts"
          testId="contract-error"
          values={contractErrorValues(t, mode.kind === 'renew' ? mode.from : null)}
        />
      )}
      {!ready && !loadError && <Spin className="page-spin" />}
      {ready && (
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={initial}
          onValuesChange={onValuesChange}
          onFinish={(v) => void onFinish(v)}
          data-testid="contract-form"
          requiredMark
        >
          {mode.kind === 'renew' && <Alert type="info" showIcon className="contracts-alert" title={t('contracts.form.renewHint')} />}
          {frozen && <Alert type="info" showIcon className="contracts-alert" title={t('contracts.form.frozenHint')} />}
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="number"
                label={t('contracts.form.number')}
                rules={[required(t('contracts.form.number'))]}
                {...item('number')}
              >
                <Input autoFocus={mode.kind !== 'edit'} disabled={mode.kind === 'edit'} data-testid="form-number" maxLength={64} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="customerId"
                label={t('contracts.form.customerId')}
                rules={[required(t('contracts.form.customerId'))]}
                {...item('customerId')}
                extra={
                  customer &&
                  !problemOf('customerId') && (
                    <span data-testid="form-customer">
                      {customer.name} · <TierName tier={customer.tier} />
                    </span>
                  )
                }
              >
                <Input disabled={mode.kind !== 'create'} data-testid="form-customer-id" />
              </Form.Item>
            </Col>
          </Row>
          {customer && customer.tier !== 'supreme' && (
            <Alert
              type="warning"
              showIcon
              className="contracts-alert"
              data-testid="form-not-supreme"
              title={t('contracts.form.notSupreme', { tier: t(`tier.${customer.tier}`) })}
            />
          )}
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="start" label={t('contracts.form.start')} rules={[required(t('contracts.form.start'))]} {...item('start')}>
                <DatePicker format={DAY} className="contracts-wide" disabled={frozen || mode.kind === 'renew'} data-testid="form-start" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="end" label={t('contracts.form.end')} rules={[required(t('contracts.form.end'))]} {...item('end')}>
                <DatePicker format={DAY} className="contracts-wide" disabled={frozen} data-testid="form-end" />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="commitment"
                label={t('contracts.form.commitment')}
                extra={t('contracts.form.commitmentHelp')}
                rules={[
                  required(t('contracts.form.commitment')),
                  {
                    validator: async (_r, v: string) =>
                      !v || parseCnyToFen(v) !== null ? undefined : Promise.reject(new Error(t('contracts.form.cnyFormat'))),
                  },
                ]}
                {...item('commitment')}
              >
                <Input prefix="¥" inputMode="decimal" disabled={frozen} data-testid="form-commitment" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="profitSharePct"
                label={t('contracts.form.profitShare')}
                extra={t('contracts.form.profitShareHelp')}
                rules={[required(t('contracts.form.profitShare'))]}
                {...item('profitSharePct')}
              >
                <InputNumber suffix="%" step={0.5} className="contracts-wide" disabled={frozen} data-testid="form-profit-share" />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="coBrandingSlots" label={t('contracts.form.coBrandingSlots')} {...item('coBrandingSlots')}>
                <InputNumber precision={0} className="contracts-wide" disabled={frozen} data-testid="form-slots" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="inventoryHours" label={t('contracts.form.inventoryHours')} {...item('inventoryHours')}>
                <InputNumber precision={0} className="contracts-wide" disabled={frozen} data-testid="form-hours" />
              </Form.Item>
            </Col>
          </Row>
          <Space size="large" wrap className="contracts-switches">
            <Form.Item name="logisticsChannel" label={t('contracts.form.logisticsChannel')} valuePropName="checked">
              <Switch disabled={frozen} />
            </Form.Item>
            <Form.Item name="advisorySeat" label={t('contracts.form.advisorySeat')} valuePropName="checked">
              <Switch disabled={frozen} />
            </Form.Item>
            <Form.Item name="autoRenew" label={t('contracts.form.autoRenew')} valuePropName="checked">
              <Switch data-testid="form-auto-renew" />
            </Form.Item>
          </Space>
          <Form.Item name="accountManager" label={t('contracts.form.accountManager')}>
            <Input maxLength={200} data-testid="form-manager" />
          </Form.Item>
          <Form.Item name="notes" label={t('contracts.form.notes')}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="form-notes" />
          </Form.Item>
          {saveError && (
            <ApiErrorAlert
              error={saveError}
              scope="contracts"
              testId="contract-error"
              values={contractErrorValues(t, mode.kind === 'edit' ? mode.contract : mode.kind === 'renew' ? mode.from : null)}
            />
          )}
          <Space className="contracts-form-footer">
            <Button onClick={onClose}>{t('contracts.form.cancel')}</Button>
            <Button type="primary" htmlType="submit" loading={saving} data-testid="form-save">
              {mode.kind === 'edit' ? t('contracts.form.saveChanges') : t('contracts.form.save')}
            </Button>
          </Space>
        </Form>
      )}
    </Card>
  );
}
