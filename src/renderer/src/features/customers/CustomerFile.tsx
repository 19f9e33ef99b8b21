import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Drawer, Empty, Progress, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { CheckCircleTwoTone, LockOutlined, UnlockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '@shared/api';
import type { CustomerFile as File, OrderRow, Paged, ReferralRow } from '@shared/api/channels/customers';
import type { Benefits } from '@shared/policy';
import type { Tier } from '@shared/tiers';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/useFormat';
import { useReviewsStore } from '../reviews/store';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { OverrideDialog } from './OverrideDialog';
import { conditionPercent, metricLabel, missingPhrase, missingSentence } from './progress';
import { TierLabel } from './TierLabel';
import { useCustomersStore } from './store';

const FILE_PAGE = 10;

/** The customer file: why the customer holds their tier, what the next one needs, and the tools to correct it. */
export function CustomerFile() {
  const { t } = useTranslation();
  const openId = useCustomersStore((s) => s.openId);
  const close = useCustomersStore((s) => s.close);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async (id: string) => {
    const r = await api.customersFile({ customerId: id });
    // The drawer may show another customer by the time the answer arrives.
    if (useCustomersStore.getState().openId !== id) return;
    setFile(r.ok ? r.value : null);
    setError(r.ok ? null : r.error);
  }, []);

  useEffect(() => {
    setFile(null);
    setError(null);
    if (openId !== null) void load(openId);
  }, [openId, load]);

  const changed = () => {
    if (openId !== null) void load(openId);
    useCustomersStore.getState().refresh();
    void useReviewsStore.getState().loadCount();
  };

  return (
    <Drawer
      open={openId !== null}
      onClose={close}
      size={760}
      title={file ? `${file.name} · ${file.customerId}` : t('customers.file.title')}
      destroyOnHidden
      data-testid="customer-file"
      className="customer-file"
    >
      {error && <ApiErrorAlert error={error} scope="customers" testId="action-error" />}
      {!file && !error && <Spin className="page-spin" />}
      {file && <FileBody file={file} onChanged={changed} />}
    </Drawer>
  );
}

function FileBody({ file, onChanged }: { file: File; onChanged: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [dialog, setDialog] = useState<'set' | 'clear' | null>(null);
  const a = file.assignment;
  const months = file.window?.months ?? 6;
  const overrideUntil = (until: string | null) =>
    until ? t('customers.overrideUntil', { date: f.date(until) }) : t('customers.overrideOpenEnded');

  return (
    <div data-testid="customer-file-body" data-customer={file.customerId}>
      <Card size="small" title={t('customers.file.tiers')}>
        <Descriptions column={3} size="small" layout="vertical">
          <Descriptions.Item label={t('customers.file.assigned')}>
            <span data-testid="file-tier">
              <TierLabel
                tier={a.tier}
                override={
                  file.override
                    ? {
                        tier: file.override.tier,
                        actor: file.override.actor,
                        setOn: file.override.setOn,
                        until: file.override.until,
                        reason: file.override.reason,
                      }
                    : null
                }
              />
            </span>
            {a.since && <div className="muted">{t('customers.file.since', { date: f.date(a.since) })}</div>}
          </Descriptions.Item>
          <Descriptions.Item label={t('customers.file.computed')}>
            <TierLabel tier={a.computedTier} />
          </Descriptions.Item>
          <Descriptions.Item label={t('customers.file.pending')}>
            {a.pendingTier ? <TierLabel tier={a.pendingTier} /> : <span className="muted">{t('customers.file.none')}</span>}
          </Descriptions.Item>
        </Descriptions>
        {file.override && (
          <Alert
            type="info"
            showIcon
            icon={<LockOutlined />}
            data-testid="file-override"
            title={t('customers.file.override', {
              actor: file.override.actor,
              tier: t(`tier.${file.override.tier}`),
              setOn: f.date(file.override.setOn),
              until: overrideUntil(file.override.until),
              reason: file.override.reason,
            })}
          />
        )}
        {a.protectedUntil && (
          <Alert
            type="warning"
            showIcon
            data-testid="file-protection"
            title={t('customers.file.protection', { tier: t(`tier.${a.tier}`), date: f.date(a.protectedUntil) })}
          />
        )}
        {file.review.open && file.review.pendingTier && file.review.openedOn && (
          <Alert
            type="warning"
            showIcon
            title={t('customers.file.reviewOpen', { tier: t(`tier.${file.review.pendingTier}`), date: f.date(file.review.openedOn) })}
          />
        )}
        {file.review.cooldownUntil && file.review.cooldownUntil >= file.today && (
          <Alert type="info" showIcon title={t('customers.file.cooldown', { date: f.date(file.review.cooldownUntil) })} />
        )}
        <Space>
          <Button icon={<LockOutlined />} onClick={() => setDialog('set')} data-testid="override-set">
            {t('customers.file.setOverride')}
          </Button>
          {file.override && (
            <Button icon={<UnlockOutlined />} onClick={() => setDialog('clear')} data-testid="override-clear">
              {t('customers.file.clearOverride')}
            </Button>
          )}
        </Space>
      </Card>

      <Card size="small" title={t('customers.file.next')} data-testid="file-next">
        <NextTier file={file} months={months} />
      </Card>

      <Card size="small" title={t('customers.file.metrics')}>
        {file.asOf && file.window ? (
          <>
            <Typography.Paragraph type="secondary" data-testid="file-window">
              {t('customers.file.metricsAsOf', {
                asOf: f.date(file.asOf),
                version: file.policyVersion,
                months,
                from: f.date(file.window.from),
                to: f.date(file.window.to),
              })}
            </Typography.Paragraph>
            <Descriptions column={2} size="small" bordered data-testid="file-metrics">
              <Descriptions.Item label={metricLabel(t, 'cumulativeSpend', months)}>
                {f.cny(Math.round(file.metrics.cumulativeSpend * 100))}
              </Descriptions.Item>
              <Descriptions.Item label={metricLabel(t, 'paidOrders', months)}>{f.count(file.metrics.paidOrders)}</Descriptions.Item>
              <Descriptions.Item label={metricLabel(t, 'windowSpend', months)}>
                {f.cny(Math.round(file.metrics.windowSpend * 100))}
              </Descriptions.Item>
              <Descriptions.Item label={metricLabel(t, 'monthlySpend', months)}>
                {f.cny(Math.floor(file.metrics.monthlySpend * 100))}
              </Descriptions.Item>
              <Descriptions.Item label={metricLabel(t, 'monthlyOrders', months)}>{file.metrics.monthlyOrders.toFixed(2)}</Descriptions.Item>
              <Descriptions.Item label={metricLabel(t, 'annualSpend', months)}>
                {f.cny(Math.round(file.metrics.annualSpend * 100))}
              </Descriptions.Item>
              <Descriptions.Item label={metricLabel(t, 'activeReferrals', months)}>
                {f.count(file.metrics.activeReferrals)}
              </Descriptions.Item>
              <Descriptions.Item label={metricLabel(t, 'contributionPoints', months)}>
                {f.count(file.metrics.contributionPoints)}
              </Descriptions.Item>
            </Descriptions>
          </>
        ) : (
          <Typography.Text type="secondary">{t('customers.file.neverEvaluated')}</Typography.Text>
        )}
        <Typography.Title level={5}>{t('customers.file.qualified')}</Typography.Title>
        {file.qualifiedBy ? (
          <div data-testid="file-qualified">
            {t('customers.file.qualifiedBy', { tier: t(`tier.${file.qualifiedBy.tier}`), n: file.qualifiedBy.ruleIndex + 1 })}{' '}
            {file.qualifiedBy.conditions.map((c, i) => (
              <Tag key={i} color="green">
                {metricLabel(t, c.metric, months)} {c.op} {c.value}
              </Tag>
            ))}
          </div>
        ) : (
          <Typography.Text type="secondary">{t('customers.file.noQualified')}</Typography.Text>
        )}
      </Card>

      <Card size="small" title={t('customers.file.identity')}>
        <Descriptions column={2} size="small">
          <Descriptions.Item label={t('customers.file.kind')}>{t(`customers.kind.${file.kind}`)}</Descriptions.Item>
          <Descriptions.Item label={t('customers.file.registered')}>
            {file.registeredAt === null ? '—' : f.instant(file.registeredAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('customers.file.realname')}>
            {file.realnameVerified ? t('customers.file.verified') : t('customers.file.notVerified')}
          </Descriptions.Item>
          <Descriptions.Item label={t('customers.file.phone')}>
            {file.phoneVerified ? t('customers.file.verified') : t('customers.file.notVerified')}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card size="small" title={t('customers.file.history')}>
        <History file={file} />
      </Card>

      <Card size="small" title={t('customers.file.benefits')}>
        <BenefitsTable file={file} />
      </Card>

      <Card size="small" title={t('customers.file.orders')}>
        <Orders customerId={file.customerId} />
      </Card>

      <Card size="small" title={t('customers.file.referrals')}>
        <Referrals customerId={file.customerId} />
      </Card>

      <Card
        size="small"
        title={t('customers.file.contracts')}
        extra={file.contracts.length > 0 && <a href="#/contracts">{t('customers.file.openContracts')}</a>}
      >
        {file.contracts.length === 0 ? (
          <Typography.Text type="secondary">{t('customers.file.contractsEmpty')}</Typography.Text>
        ) : (
          file.contracts.map((c) => (
            <div key={c.number}>
              <a href={`#/contracts?number=${encodeURIComponent(c.number)}`}>
                {t('customers.file.contractLine', { number: c.number, start: f.date(c.start), end: f.date(c.end) })}
              </a>{' '}
              <Tag>{t(`customers.contractStatus.${c.status}`)}</Tag>
              {c.progress !== null && <Progress percent={Math.min(100, Math.round(c.progress * 100))} size="small" />}
            </div>
          ))
        )}
      </Card>

      {dialog && (
        <OverrideDialog
          mode={dialog}
          file={file}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            onChanged();
          }}
        />
      )}
    </div>
  );
}

/** Progress bars per alternative rule of the next tier, and the sentence of what is missing. */
function NextTier({ file, months }: { file: File; months: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!file.next) return <Typography.Text type="secondary">{t('customers.file.top')}</Typography.Text>;
  const next = file.next;
  const sentence = missingSentence(next.rules, t, f.cny, months);
  return (
    <div data-testid="next-tier" data-tier={next.tier}>
      <Typography.Paragraph>
        {t('customers.file.nextTier', { tier: t(`tier.${next.tier}`) })}{' '}
        {next.requiresReview && <Tag color="orange">{t('customers.file.needsReview')}</Tag>}
      </Typography.Paragraph>
      <div className="missing" data-testid="next-missing">
        {sentence ?? t('customers.file.allMetNext', { tier: t(`tier.${next.tier}`) })}
      </div>
      {next.rules.map((r) => (
        <div key={r.ruleIndex} className="rule" data-testid={`next-rule-${r.ruleIndex}`}>
          <Typography.Text strong>
            {r.ruleIndex > 0 && `${t('customers.file.or')} · `}
            {t('customers.file.rule', { n: r.ruleIndex + 1 })}{' '}
            {r.met && <CheckCircleTwoTone twoToneColor="#52c41a" aria-label={t('customers.file.ruleMet')} />}
          </Typography.Text>
          {r.conditions.map((c, i) => (
            <div key={i} className="condition">
              <span>
                {metricLabel(t, c.metric, months)} {c.op} {c.value}
                {!c.met && <span className="muted"> — {missingPhrase(c, t, f.cny, months)}</span>}
              </span>
              <Progress
                percent={conditionPercent(c)}
                size="small"
                status={c.met ? 'success' : 'active'}
                showInfo={false}
                aria-label={`${metricLabel(t, c.metric, months)} ${conditionPercent(c)}%`}
              />
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}

function History({ file }: { file: File }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (file.history.length === 0 && file.overrides.length === 0)
    return <Typography.Text type="secondary">{t('customers.file.historyEmpty')}</Typography.Text>;
  return (
    <>
      <Timeline
        data-testid="file-history"
        items={[...file.history].reverse().map((h, i) => ({
          key: i,
          color: h.cause === 'override' ? 'purple' : h.cause === 'review' ? 'orange' : 'blue',
          content: (
            <div data-testid="history-item" data-cause={h.cause}>
              <div>
                {f.date(h.date)} · <TierLabel tier={h.from as Tier} /> → <TierLabel tier={h.to as Tier} />
              </div>
              <Typography.Text type="secondary">
                {t('customers.file.historyMeta', { cause: t(`customers.cause.${h.cause}`), actor: h.actor })}
                {h.policyVersion !== null && ` · ${t('customers.file.historyPolicy', { version: h.policyVersion })}`}
              </Typography.Text>
              {h.reason && <div>{h.reason}</div>}
            </div>
          ),
        }))}
      />
      {file.overrides.length > 0 && (
        <>
          <Typography.Title level={5}>{t('customers.file.overrideHistory')}</Typography.Title>
          {file.overrides.map((o) => (
            <div key={o.id} data-testid="override-item">
              {f.date(o.setOn)} · <TierLabel tier={o.tier} /> · {o.actor} · {o.reason}
              {o.until && ` · ${t('customers.overrideUntil', { date: f.date(o.until) })}`}
              {o.clearedOn && (
                <div className="muted">
                  {t('customers.file.overrideCleared', { by: o.clearedBy, on: f.date(o.clearedOn), reason: o.clearedReason })}
                </div>
              )}
            </div>
          ))}
        </>
      )}
      {file.reviews.length > 0 && (
        <>
          <Typography.Title level={5}>{t('customers.file.reviews')}</Typography.Title>
          {file.reviews.map((r) => (
            <div key={r.id}>
              {f.date(r.openedOn)} · <TierLabel tier={r.pendingTier} /> · {t(`customers.reviewStatus.${r.status}`)}
              {r.decidedOn && ` · ${f.date(r.decidedOn)}`}
              {r.actor && ` · ${r.actor}`}
              {r.reason && ` · ${r.reason}`}
            </div>
          ))}
        </>
      )}
    </>
  );
}

function BenefitsTable({ file }: { file: File }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { current, next } = file.benefits;
  if (!current && !next) return <Typography.Text type="secondary">{t('customers.file.benefitsNone')}</Typography.Text>;
  const rows: [string, (b: Benefits) => string][] = [
    [
      'priceMultiplier',
      (b) => t('customers.benefit.discount', { zhe: String(Math.round(b.priceMultiplier * 100) / 10), pct: f.percent(b.priceMultiplier) }),
    ],
    ['pointsPerCny', (b) => String(b.pointsPerCny)],
    ['quarterlyRebate', (b) => f.percent(b.quarterlyRebate)],
    ['tradingFee', (b) => f.percent(b.tradingFee)],
    ['supportHours', (b) => t('customers.benefit.hours', { n: b.supportHours })],
    ['perks', (b) => b.perks.join('；')],
  ];
  return (
    <table className="benefits" data-testid="file-benefits">
      <thead>
        <tr>
          <th />
          <th>
            {current ? t('customers.file.benefitsCurrent', { tier: t(`tier.${file.assignment.tier}`) }) : t('customers.file.benefitsNone')}
          </th>
          {next && file.next && <th>{t('customers.file.benefitsNext', { tier: t(`tier.${file.next.tier}`) })}</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, show]) => (
          <tr key={key}>
            <th>{t(`customers.benefit.${key}`)}</th>
            <td>{current ? show(current) : '—'}</td>
            {next && <td>{show(next)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function usePaged<R>(fetch: (offset: number) => Promise<{ ok: true; value: Paged<R> } | { ok: false; error: ApiError }>) {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Paged<R> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let live = true;
    void fetch((page - 1) * FILE_PAGE).then((r) => {
      if (!live) return;
      setData(r.ok ? r.value : null);
      setError(r.ok ? null : r.error);
    });
    return () => {
      live = false;
    };
  }, [fetch, page]);
  return { page, setPage, data, error };
}

function Orders({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const fetch = useCallback((offset: number) => api.customersOrders({ customerId, offset, limit: FILE_PAGE }), [customerId]);
  const { page, setPage, data, error } = usePaged<OrderRow>(fetch);
  if (error) return <ApiErrorAlert error={error} scope="customers" testId="action-error" />;
  return (
    <Table<OrderRow>
      size="small"
      rowKey="orderId"
      data-testid="file-orders"
      loading={data === null}
      dataSource={data?.rows ?? []}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.file.ordersEmpty')} /> }}
      pagination={{ current: page, pageSize: FILE_PAGE, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false, size: 'small' }}
      columns={[
        { title: t('customers.order.id'), dataIndex: 'orderId' },
        { title: t('customers.order.placedAt'), dataIndex: 'placedAt', render: (v: number) => f.instant(v) },
        { title: t('customers.order.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => f.cny(v) },
        {
          title: t('customers.order.status'),
          dataIndex: 'status',
          render: (v: OrderRow['status']) => <Tag color={v === 'paid' ? 'green' : 'default'}>{t(`customers.order.${v}`)}</Tag>,
        },
        { title: t('customers.order.category'), dataIndex: 'category', render: (v: string | null) => v ?? '—' },
      ]}
    />
  );
}

function Referrals({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const open = useCustomersStore((s) => s.open);
  const fetch = useCallback((offset: number) => api.customersReferrals({ customerId, offset, limit: FILE_PAGE }), [customerId]);
  const { page, setPage, data, error } = usePaged<ReferralRow>(fetch);
  if (error) return <ApiErrorAlert error={error} scope="customers" testId="action-error" />;
  return (
    <Table<ReferralRow>
      size="small"
      rowKey="customerId"
      data-testid="file-referrals"
      loading={data === null}
      dataSource={data?.rows ?? []}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.file.referralsEmpty')} /> }}
      pagination={{ current: page, pageSize: FILE_PAGE, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false, size: 'small' }}
      columns={[
        {
          title: t('customers.referral.customer'),
          dataIndex: 'customerId',
          render: (_v: string, r) => (
            <Button type="link" size="small" onClick={() => open(r.customerId)}>
              {r.name} · {r.customerId}
            </Button>
          ),
        },
        { title: t('customers.referral.at'), dataIndex: 'referredAt', render: (v: number) => f.instant(v) },
        { title: t('customers.referral.tier'), dataIndex: 'tier', render: (v: Tier) => <TierLabel tier={v} /> },
        {
          title: t('customers.referral.verified'),
          dataIndex: 'realnameVerified',
          render: (v: boolean) => (v ? t('customers.file.verified') : t('customers.file.notVerified')),
        },
      ]}
    />
  );
}
