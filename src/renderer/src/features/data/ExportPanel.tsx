import { useState, type ReactNode } from 'react';
import { App, Button, Card, Col, DatePicker, Input, Row, Select, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '@shared/api';
import type { ExportKind, ExportRequest } from '@shared/api/channels/data';
import { TIERS, type Tier } from '@shared/tiers';
import { currentLanguage } from '../../i18n';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { downloadExport } from './download';
import { formatBytes } from './helpers';

const CONTRACT_STATUSES = ['draft', 'active', 'suspended', 'expired', 'terminated'] as const;
const CONTRACT_FLAGS = ['expiring', 'at-risk', 'behind'] as const;

/** One export with its own filter and button; the request is built from the filter when clicked. */
function ExportCard({
  kind,
  title,
  hint,
  request,
  children,
}: {
  kind: ExportKind;
  title: string;
  hint: string;
  request: () => ExportRequest;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    const r = await downloadExport(request(), currentLanguage());
    setBusy(false);
    if (r.ok) void message.success(t('data.export.downloaded', { name: r.fileName, size: formatBytes(r.bytes) }));
    else setError(r.error);
  };
  return (
    <Card size="small" title={title} data-testid={`export-${kind}`} className="export-card">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{hint}</Typography.Text>
        {children}
        <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void go()} data-testid={`export-${kind}-button`}>
          {busy ? t('data.export.preparing') : t('data.export.download')}
        </Button>
        {error && <ApiErrorAlert error={error} scope="data" testId="data-error" onClose={() => setError(null)} />}
      </Space>
    </Card>
  );
}

/** `[from, to]` as `YYYY-MM-DD` strings from antd's range picker (empty strings when cleared). */
type DateRange = [string, string];
const range = (r: DateRange) => ({ ...(r[0] ? { from: r[0] } : {}), ...(r[1] ? { to: r[1] } : {}) });

export function ExportPanel() {
  const { t } = useTranslation();
  const [tiers, setTiers] = useState<Tier[]>([]);
  const [customerKind, setCustomerKind] = useState<'individual' | 'enterprise' | undefined>();
  const [search, setSearch] = useState('');
  const [historyRange, setHistoryRange] = useState<DateRange>(['', '']);
  const [historyCustomer, setHistoryCustomer] = useState('');
  const [status, setStatus] = useState<(typeof CONTRACT_STATUSES)[number] | undefined>();
  const [flag, setFlag] = useState<(typeof CONTRACT_FLAGS)[number] | undefined>();
  return (
    <Space orientation="vertical" size="middle" className="data-panel" data-testid="export-panel">
      <Typography.Paragraph type="secondary">{t('data.export.intro')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <ExportCard
            kind="customers"
            title={t('data.export.customers')}
            hint={t('data.export.customersHint')}
            request={() => ({
              kind: 'customers',
              filter: {
                ...(tiers.length ? { tier: tiers } : {}),
                ...(customerKind ? { kind: customerKind } : {}),
                ...(search.trim() ? { search: search.trim() } : {}),
              },
            })}
          >
            <Space wrap>
              <Select<Tier[]>
                mode="multiple"
                allowClear
                style={{ minWidth: 260 }}
                placeholder={t('data.export.filter.tiers')}
                aria-label={t('data.export.filter.tiers')}
                value={tiers}
                onChange={setTiers}
                options={TIERS.map((tier) => ({ value: tier, label: t(`tier.${tier}`) }))}
              />
              <Select
                allowClear
                style={{ width: 140 }}
                placeholder={t('data.export.filter.kind')}
                aria-label={t('data.export.filter.kind')}
                value={customerKind}
                onChange={setCustomerKind}
                options={[
                  { value: 'individual', label: t('data.export.filter.individual') },
                  { value: 'enterprise', label: t('data.export.filter.enterprise') },
                ]}
              />
              <Input
                allowClear
                style={{ width: 220 }}
                placeholder={t('data.export.filter.search')}
                aria-label={t('data.export.filter.search')}
                value={search}
                onChange={(e) => setSearch(e.target.value)}
              />
            </Space>
          </ExportCard>
        </Col>
        <Col xs={24} xl={12}>
          <ExportCard
            kind="tier-history"
            title={t('data.export.tierHistory')}
            hint={t('data.export.tierHistoryHint')}
            request={() => ({
              kind: 'tier-history',
              filter: { ...range(historyRange), ...(historyCustomer.trim() ? { customerId: historyCustomer.trim() } : {}) },
            })}
          >
            <Space wrap>
              <DatePicker.RangePicker
                allowEmpty={[true, true]}
                placeholder={[t('data.export.filter.from'), t('data.export.filter.to')]}
                onChange={(_, s) => setHistoryRange(s as DateRange)}
              />
              <Input
                allowClear
                style={{ width: 180 }}
                placeholder={t('data.export.filter.customerId')}
                aria-label={t('data.export.filter.customerId')}
                value={historyCustomer}
                onChange={(e) => setHistoryCustomer(e.target.value)}
              />
            </Space>
          </ExportCard>
        </Col>
        <Col xs={24} xl={12}>
          <ExportCard
            kind="evaluation-runs"
            title={t('data.export.evaluationRuns')}
            hint={t('data.export.evaluationRunsHint')}
            request={() => ({ kind: 'evaluation-runs' })}
          />
        </Col>
        <Col xs={24} xl={12}>
          <ExportCard
            kind="contracts"
            title={t('data.export.contracts')}
            hint={t('data.export.contractsHint')}
            request={() => ({ kind: 'contracts', filter: { ...(status ? { status } : {}), ...(flag ? { flag } : {}) } })}
          >
            <Space wrap>
              <Select
                allowClear
                style={{ width: 160 }}
                placeholder={t('data.export.filter.status')}
                aria-label={t('data.export.filter.status')}
                value={status}
                onChange={setStatus}
                options={CONTRACT_STATUSES.map((s) => ({ value: s, label: t(`data.export.status.${s}`) }))}
              />
              <Select
                allowClear
                style={{ width: 160 }}
                placeholder={t('data.export.filter.flag')}
                aria-label={t('data.export.filter.flag')}
                value={flag}
                onChange={setFlag}
                options={CONTRACT_FLAGS.map((s) => ({ value: s, label: t(`data.export.flag.${s}`) }))}
              />
            </Space>
          </ExportCard>
        </Col>
        <Col xs={24} xl={12}>
          <ExportCard kind="audit" title={t('data.export.audit')} hint={t('data.export.auditHint')} request={() => ({ kind: 'audit' })} />
        </Col>
      </Row>
    </Space>
  );
}
