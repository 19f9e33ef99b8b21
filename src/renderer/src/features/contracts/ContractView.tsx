import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Row, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { ApiError } from '@shared/api';
import type { ContractAction, ContractHistoryRow, ContractInfo } from '@shared/api/channels/contracts';
import { useFormat } from '../../lib/useFormat';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { ContractActionPanel } from './ContractActionPanel';
import { Commitment } from './ContractCommitment';
import { ContractForm, contractErrorValues, type FormMode } from './ContractForm';
import { FlagTags, StatusTag, TierName } from './tags';
import { useContractsStore, type StatusAction } from './store';

export function ContractView() {
  const { t } = useTranslation();
  const { detail, detailError, number, open, applied } = useContractsStore(
    useShallow((s) => ({ detail: s.detail, detailError: s.detailError, number: s.route.number, open: s.open, applied: s.applied })),
  );
  const [form, setForm] = useState<FormMode | null>(null);
  const [pending, setPending] = useState<StatusAction | null>(null);
  const [refusal, setRefusal] = useState<ApiError | null>(null);

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => open(null)} data-testid="contract-back">
      {t('contracts.view.back')}
    </Button>
  );
  if (!detail || detail.contract.number !== number) {
    return (
      <Space orientation="vertical" className="contracts-wide">
        {back}
        {detailError ? (
          <ApiErrorAlert error={detailError} scope="contracts" testId="contract-error" />
        ) : (
          <Spin className="page-spin" description={t('contracts.view.loading')} />
        )}
      </Space>
    );
  }
  const c = detail.contract;
  if (form) {
    return (
      <ContractForm
        mode={form}
        onClose={() => setForm(null)}
        onSaved={(d) => {
          setForm(null);
          applied(d);
          if (d.contract.number !== c.number) open(d.contract.number);
        }}
      />
    );
  }

  const onAction = (a: ContractAction) => {
    setRefusal(null);
    if (a === 'update') setForm({ kind: 'edit', contract: c });
    else if (a === 'renew') setForm({ kind: 'renew', from: c });
    else setPending(a as StatusAction);
  };

  return (
    <div className="contract-view" data-testid="contract-view" data-status={c.status}>
      <Card>
        <div className="contract-head">
          <Space wrap align="center">
            {back}
            <Typography.Title level={4} className="contract-title" data-testid="contract-title">
              {c.number}
            </Typography.Title>
            <span data-testid="contract-status">
              <StatusTag status={c.status} />
            </span>
            <span data-testid="contract-flags">
              <FlagTags flags={c.flags} />
            </span>
          </Space>
          <Space wrap>
            {c.actions.map((a) => (
              <Button
                key={a}
                type={a === 'activate' ? 'primary' : 'default'}
                danger={a === 'terminate'}
                onClick={() => onAction(a)}
                data-testid={`contract-action-${a}`}
              >
                {t(`contracts.action.${a}`)}
              </Button>
            ))}
            {c.actions.length === 0 && <Typography.Text type="secondary">{t('contracts.action.noneLeft')}</Typography.Text>}
          </Space>
        </div>
        <Typography.Text type="secondary" className="contract-sub">
          {t('contracts.customerLabel', { name: c.customerName, id: c.customerId })} · <TierName tier={c.customerTier} />
        </Typography.Text>
        {pending && (
          <ContractActionPanel
            key={pending}
            action={pending}
            contract={c}
            onClose={() => setPending(null)}
            onRefused={(e) => {
              setPending(null);
              setRefusal(e);
            }}
          />
        )}
        {refusal && (
          <div className="contracts-alert">
            <ApiErrorAlert
              error={refusal}
              scope="contracts"
              testId="contract-error"
              values={contractErrorValues(t, c)}
              onClose={() => setRefusal(null)}
            />
          </div>
        )}
        {c.attention && (
          <Alert
            type="warning"
            showIcon
            className="contracts-alert"
            data-testid="contract-attention"
            title={t('contracts.view.attention', { reason: c.attention })}
          />
        )}
        {c.flags.includes('at-risk') && c.status !== 'draft' && (
          <Alert
            type="warning"
            showIcon
            className="contracts-alert"
            data-testid="contract-at-risk"
            title={t('contracts.view.atRisk', { customer: c.customerName, tier: t(`tier.${c.customerTier}`) })}
          />
        )}
      </Card>
      <Row gutter={[16, 16]} className="contract-body">
        <Col xs={24} xl={12}>
          <Terms contract={c} onOpen={open} />
        </Col>
        <Col xs={24} xl={12}>
          <Commitment detail={detail} />
        </Col>
        <Col span={24}>
          <History rows={detail.history} />
        </Col>
      </Row>
    </div>
  );
}

function Terms({ contract: c, onOpen }: { contract: ContractInfo; onOpen: (n: string) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const yesNo = (b: boolean) => (b ? t('contracts.term.yes') : t('contracts.term.no'));
  const link = (n: string | null) =>
    n ? (
      <Button type="link" size="small" className="contract-link" onClick={() => onOpen(n)}>
        {n}
      </Button>
    ) : (
      t('contracts.term.none')
    );
  const items = [
    { key: 'period', label: t('contracts.term.period'), children: `${f.date(c.start)} – ${f.date(c.end)}`, span: 2 },
    { key: 'commitment', label: t('contracts.term.commitment'), children: f.cny(c.commitmentFen) },
    { key: 'profitShare', label: t('contracts.term.profitShare'), children: f.percent(c.profitShare) },
    {
      key: 'coBrandingSlots',
      label: t('contracts.term.coBrandingSlots'),
      children: t('contracts.term.coBrandingSlotsValue', { count: c.coBrandingSlots }),
      span: 2,
    },
    {
      key: 'inventoryHours',
      label: t('contracts.term.inventoryHours'),
      children: t('contracts.term.inventoryHoursValue', { hours: c.inventoryHours }),
    },
    { key: 'logisticsChannel', label: t('contracts.term.logisticsChannel'), children: yesNo(c.logisticsChannel) },
    { key: 'advisorySeat', label: t('contracts.term.advisorySeat'), children: yesNo(c.advisorySeat) },
    { key: 'autoRenew', label: t('contracts.term.autoRenew'), children: yesNo(c.autoRenew) },
    { key: 'accountManager', label: t('contracts.term.accountManager'), children: c.accountManager ?? t('contracts.term.none') },
    { key: 'renews', label: t('contracts.term.renews'), children: link(c.renews) },
    { key: 'renewedBy', label: t('contracts.term.renewedBy'), children: link(c.renewedBy) },
    { key: 'notes', label: t('contracts.term.notes'), children: c.notes ?? t('contracts.term.none'), span: 2 },
    ...(c.terminationReason
      ? [{ key: 'terminationReason', label: t('contracts.term.terminationReason'), children: c.terminationReason, span: 2 }]
      : []),
  ];
  return (
    <Card title={t('contracts.view.terms')} data-testid="contract-terms">
      <Descriptions bordered size="small" column={2} items={items} />
    </Card>
  );
}

function History({ rows }: { rows: ContractHistoryRow[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Card title={t('contracts.view.history')} data-testid="contract-history">
      <table className="contracts-table">
        <thead>
          <tr>
            <th>{t('contracts.historyCol.on')}</th>
            <th>{t('contracts.historyCol.change')}</th>
            <th>{t('contracts.historyCol.cause')}</th>
            <th>{t('contracts.historyCol.actor')}</th>
            <th>{t('contracts.historyCol.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {[...rows].reverse().map((r) => (
            <tr key={`${r.at}-${r.to}-${r.cause}`} data-cause={r.cause}>
              <td className="num-left" title={f.instant(r.at)}>
                {f.date(r.on)}
              </td>
              <td>
                {r.from && (
                  <>
                    <StatusTag status={r.from} />→{' '}
                  </>
                )}
                <StatusTag status={r.to} />
              </td>
              <td>{t(`contracts.cause.${r.cause}`)}</td>
              <td>{r.actor}</td>
              <td>{r.reason ?? t('contracts.term.none')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
