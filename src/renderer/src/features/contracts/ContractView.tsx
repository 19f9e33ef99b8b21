import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Form, Input, Progress, Row, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ApiError } from '@shared/api';
import type { ContractAction, ContractDetail, ContractHistoryRow, ContractInfo } from '@shared/api/channels/contracts';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../lib/useFormat';
import { ChartTooltip } from '../dashboard/ChartTooltip';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { ContractForm, contractErrorValues, type FormMode } from './ContractForm';
import { FlagTags, StatusTag, TierName } from './tags';
import { useContractsStore, type StatusAction } from './store';

const SPEND_COLOR = '#1677ff';
const CUMULATIVE_COLOR = '#cf1322';

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
          <ActionPanel
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

interface MonthDatum {
  month: string;
  label: string;
  spendFen: number;
  cumulativeFen: number;
}

function Commitment({ detail }: { detail: ContractDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  const c = detail.contract;
  const p = c.commitment;
  if (!p) {
    return (
      <Card title={t('contracts.col.progress')} data-testid="contract-commitment">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contracts.notStarted', { date: f.date(c.start) })} />
      </Card>
    );
  }
  const monthFormat = new Intl.DateTimeFormat(currentLanguage(), { year: 'numeric', month: 'short', timeZone: 'UTC' });
  let running = 0;
  const data: MonthDatum[] = detail.monthly.map((m) => {
    running += m.spendFen;
    return { month: m.month, label: monthFormat.format(new Date(`${m.month}-01T00:00:00Z`)), spendFen: m.spendFen, cumulativeFen: running };
  });
  const tooltip = ({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: MonthDatum }> }) => {
    const d = payload?.[0]?.payload;
    if (!active || !d) return null;
    return (
      <ChartTooltip
        title={d.label}
        rows={[
          { key: 'm', color: SPEND_COLOR, name: t('contracts.view.monthSpend'), value: f.cny(d.spendFen) },
          { key: 'c', color: CUMULATIVE_COLOR, name: t('contracts.view.cumulative'), value: f.cny(d.cumulativeFen) },
        ]}
      />
    );
  };
  const percent = (x: number) => Math.min(100, Math.round(x * 1000) / 10);
  return (
    <Card
      title={t('contracts.view.commitment', { year: p.year, first: f.date(p.first), last: f.date(p.last) })}
      data-testid="contract-commitment"
      data-progress={p.progress}
      data-behind={p.behind ? '1' : '0'}
    >
      <div className="commitment-row">
        <Typography.Text data-testid="commitment-spent">
          {t('contracts.view.spent', { spent: f.cny(p.spendFen), commitment: f.cny(p.commitmentFen) })}
        </Typography.Text>
        <Progress
          percent={percent(p.progress)}
          format={() => f.percent(p.progress)}
          status={p.behind && c.status === 'active' ? 'exception' : 'normal'}
          data-testid="commitment-progress"
        />
      </div>
      <div className="commitment-row">
        <Typography.Text type="secondary">
          {t('contracts.view.elapsed', { share: f.percent(p.elapsedShare), days: f.count(p.elapsedDays), total: f.count(p.days) })}
        </Typography.Text>
        <Progress percent={percent(p.elapsedShare)} format={() => f.percent(p.elapsedShare)} strokeColor="#bfbfbf" showInfo />
      </div>
      <Space orientation="vertical" size={2}>
        {/* Like the `behind` flag, the verdict concerns a contract in force, not a draft or an ended one. */}
        {(c.status === 'active' || c.status === 'suspended') && (
          <Typography.Text type={p.behind ? 'danger' : 'success'} data-testid="commitment-verdict">
            {p.behind ? t('contracts.view.behind') : t('contracts.view.onTrack')}
          </Typography.Text>
        )}
        {p.days < p.fullDays && <Typography.Text type="secondary">{t('contracts.view.proRata')}</Typography.Text>}
      </Space>
      <Typography.Title level={5} className="commitment-chart-title">
        {t('contracts.view.monthly')}
      </Typography.Title>
      {data.every((d) => d.spendFen === 0) ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contracts.view.monthlyEmpty')} />
      ) : (
        <div data-testid="monthly-chart" data-months={data.length}>
          <ResponsiveContainer width="100%" height={260}>
            <ComposedChart data={data} margin={{ top: 16, right: 16, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 12 }} interval="preserveStartEnd" />
              <YAxis
                tickFormatter={(v: number) => f.cnyCompact(v)}
                width={72}
                domain={[0, (max: number) => Math.max(max, p.commitmentFen)]}
              />
              <Tooltip content={tooltip} cursor={{ fillOpacity: 0.08 }} />
              <Legend />
              <ReferenceLine
                y={p.commitmentFen}
                stroke="#8c8c8c"
                strokeDasharray="6 4"
                label={{ value: t('contracts.view.commitmentLine'), position: 'insideTopRight', fontSize: 12 }}
              />
              <Bar dataKey="spendFen" name={t('contracts.view.monthSpend')} fill={SPEND_COLOR} radius={[4, 4, 0, 0]} barSize={20} />
              <Line
                dataKey="cumulativeFen"
                name={t('contracts.view.cumulative')}
                stroke={CUMULATIVE_COLOR}
                strokeWidth={2}
                dot={{ r: 3 }}
              />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      )}
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

/**
 * Activate, suspend, resume or terminate, with a reason for the record (mandatory for a termination).
 * Inline under the header rather than a modal (antd's modal scroll lock breaks the strict CSP).
 */
function ActionPanel({
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
