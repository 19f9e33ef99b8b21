import { useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, Form, Input, Modal, Space, Spin, Table, Tag, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { ApiError } from '@shared/api';
import type { CustomerFile } from '@shared/api/channels/customers';
import type { ReviewQueueRow } from '@shared/api/channels/reviews';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/useFormat';
import { TierLabel } from '../customers/TierLabel';
import { customerHash } from '../customers/route';
import { QUEUE_PAGE, useReviewsStore } from './store';
import './reviews.css';

/** `YYYY-MM-DD` plus days: calendar arithmetic, no time zone involved. */
function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

function ReviewError({ error }: { error: ApiError }) {
  const { t, i18n } = useTranslation();
  const key = `reviews.errors.${error.code}`;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="reviews-error"
      title={i18n.exists(key) ? t(key) : t('reviews.errors.generic')}
      description={t('reviews.errors.detail', { message: error.message })}
    />
  );
}

export function ReviewsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const s = useReviewsStore(
    useShallow((x) => ({
      queue: x.queue,
      error: x.error,
      loading: x.loading,
      page: x.page,
      search: x.search,
      selected: x.selected,
      result: x.result,
      loadQueue: x.loadQueue,
      loadCount: x.loadCount,
      setPage: x.setPage,
      setSearch: x.setSearch,
      select: x.select,
      dismissResult: x.dismissResult,
    })),
  );
  const { loadQueue, loadCount, setSearch } = s;
  const [dialog, setDialog] = useState<{ action: 'approve' | 'reject'; ids: string[] } | null>(null);
  const [search, setSearchText] = useState(s.search);

  useEffect(() => {
    void loadQueue();
    void loadCount();
  }, [loadQueue, loadCount]);
  useEffect(() => {
    if (search === useReviewsStore.getState().search) return;
    const timer = setTimeout(() => setSearch(search), 250);
    return () => clearTimeout(timer);
  }, [search, setSearch]);

  const q = s.queue;
  const cooldownDays = q?.cooldownDays ?? 90;
  return (
    <Card
      data-testid="page-reviews"
      title={t('reviews.title')}
      extra={q && <Typography.Text data-testid="reviews-total">{t('reviews.count', { count: q.total })}</Typography.Text>}
    >
      <Typography.Paragraph type="secondary">{t('reviews.intro', { count: cooldownDays })}</Typography.Paragraph>
      {s.error && <ReviewError error={s.error} />}
      {s.result && <DecisionSummary />}
      <Space className="reviews-toolbar" wrap style={{ marginBottom: 12 }}>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('reviews.searchPlaceholder')}
          aria-label={t('reviews.searchPlaceholder')}
          value={search}
          onChange={(e) => setSearchText(e.target.value)}
          style={{ width: 280 }}
          data-testid="reviews-search"
        />
        <Button
          type="primary"
          icon={<CheckOutlined />}
          disabled={s.selected.length === 0}
          onClick={() => setDialog({ action: 'approve', ids: s.selected })}
          data-testid="reviews-approve-selected"
        >
          {t('reviews.approveSelected')} ({s.selected.length})
        </Button>
        <Button
          danger
          icon={<CloseOutlined />}
          disabled={s.selected.length === 0}
          onClick={() => setDialog({ action: 'reject', ids: s.selected })}
          data-testid="reviews-reject-selected"
        >
          {t('reviews.rejectSelected')} ({s.selected.length})
        </Button>
        {s.selected.length > 0 && (
          <Button type="link" onClick={() => s.select([])}>
            {t('reviews.clearSelection')}
          </Button>
        )}
      </Space>
      <Table<ReviewQueueRow>
        rowKey="customerId"
        size="middle"
        scroll={{ x: 'max-content' }}
        data-testid="reviews-table"
        loading={s.loading && !q}
        dataSource={q?.rows ?? []}
        locale={{ emptyText: <Empty description={t('reviews.empty')} /> }}
        rowSelection={{ selectedRowKeys: s.selected, preserveSelectedRowKeys: true, onChange: (keys) => s.select(keys as string[]) }}
        pagination={{ current: s.page, pageSize: QUEUE_PAGE, total: q?.total ?? 0, onChange: s.setPage, showSizeChanger: false }}
        expandable={{ expandedRowRender: (r) => <Evidence customerId={r.customerId} /> }}
        columns={[
          {
            title: t('reviews.col.customer'),
            key: 'customer',
            render: (_v, r) => (
              <a href={customerHash(r.customerId)} data-testid="review-customer">
                {r.name} · <span className="mono">{r.customerId}</span>
              </a>
            ),
          },
          {
            title: t('reviews.col.kind'),
            dataIndex: 'kind',
            className: 'nowrap',
            render: (v: ReviewQueueRow['kind']) => t(`reviews.kind.${v}`),
          },
          {
            title: t('reviews.col.change'),
            key: 'change',
            className: 'nowrap',
            render: (_v, r) => (
              <span>
                <TierLabel tier={r.currentTier} /> → <TierLabel tier={r.pendingTier} />
              </span>
            ),
          },
          {
            title: t('reviews.col.opened'),
            dataIndex: 'openedOn',
            className: 'nowrap',
            render: (v: string) => (
              <span>
                {f.date(v)}
                <div className="muted">{q ? t('reviews.col.waiting', { count: daysBetween(v, q.today) }) : null}</div>
              </span>
            ),
          },
          {
            title: t('reviews.col.cumulative'),
            dataIndex: 'cumulativeFen',
            align: 'right',
            className: 'nowrap',
            render: (v: number) => f.cny(v),
          },
          { title: t('reviews.col.annual'), dataIndex: 'annualFen', align: 'right', className: 'nowrap', render: (v: number) => f.cny(v) },
          { title: t('reviews.col.referrals'), dataIndex: 'activeReferrals', align: 'right' },
          {
            title: t('reviews.col.actions'),
            key: 'actions',
            render: (_v, r) => (
              <Space size={4}>
                <Button
                  size="small"
                  type="primary"
                  ghost
                  onClick={() => setDialog({ action: 'approve', ids: [r.customerId] })}
                  data-testid="review-approve"
                >
                  {t('reviews.approve')}
                </Button>
                <Button
                  size="small"
                  danger
                  onClick={() => setDialog({ action: 'reject', ids: [r.customerId] })}
                  data-testid="review-reject"
                >
                  {t('reviews.reject')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {dialog && q && (
        <DecisionDialog
          action={dialog.action}
          ids={dialog.ids}
          today={q.today}
          cooldownDays={cooldownDays}
          onClose={() => setDialog(null)}
        />
      )}
    </Card>
  );
}

/** What a bulk decision did: how many were decided, and each customer that was not, with why. */
function DecisionSummary() {
  const { t, i18n } = useTranslation();
  const result = useReviewsStore((x) => x.result)!;
  const dismiss = useReviewsStore((x) => x.dismissResult);
  const done = t(result.action === 'approve' ? 'reviews.result.approved' : 'reviews.result.rejected', { count: result.decided.length });
  return (
    <Alert
      closable
      onClose={dismiss}
      type={result.failed.length ? 'warning' : 'success'}
      showIcon
      data-testid="reviews-result"
      title={done}
      description={
        result.failed.length > 0 && (
          <div data-testid="reviews-failures">
            {t('reviews.result.failed', { count: result.failed.length })}
            <ul>
              {result.failed.map((x) => {
                const key = `reviews.result.code.${x.code}`;
                return (
                  <li key={x.customerId} title={x.message}>
                    {t('reviews.result.failure', { id: x.customerId, reason: i18n.exists(key) ? t(key) : x.message })}
                  </li>
                );
              })}
            </ul>
          </div>
        )
      }
      style={{ marginBottom: 12 }}
    />
  );
}

function DecisionDialog({
  action,
  ids,
  today,
  cooldownDays,
  onClose,
}: {
  action: 'approve' | 'reject';
  ids: string[];
  today: string;
  cooldownDays: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const decide = useReviewsStore((x) => x.decide);
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async ({ reason }: { reason: string }) => {
    setBusy(true);
    const e = await decide(action, ids, reason);
    setBusy(false);
    if (e) setError(e);
    else onClose();
  };
  const shown = ids.slice(0, 8).join('、') + (ids.length > 8 ? ` ${t('reviews.dialog.more', { count: ids.length - 8 })}` : '');
  return (
    <Modal
      open
      title={t(action === 'approve' ? 'reviews.dialog.approveTitle' : 'reviews.dialog.rejectTitle', { count: ids.length })}
      okText={t('reviews.dialog.confirm')}
      cancelText={t('reviews.dialog.cancel')}
      okButtonProps={{ danger: action === 'reject', 'data-testid': 'decision-submit' } as Record<`data-${string}`, string>}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {action === 'approve'
          ? t('reviews.dialog.approveIntro', { today: f.date(today) })
          : t('reviews.dialog.rejectIntro', { count: cooldownDays, until: f.date(addDays(today, cooldownDays)) })}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('reviews.dialog.customers', { list: shown })}</Typography.Paragraph>
      {error && <ReviewError error={error} />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="reason"
          label={t('reviews.dialog.reason')}
          rules={[{ required: true, whitespace: true, message: t('reviews.dialog.reasonRequired') }]}
        >
          <Input.TextArea
            autoFocus
            rows={3}
            maxLength={2000}
            placeholder={t('reviews.dialog.reasonPlaceholder')}
            data-testid="decision-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The evidence for a decision: the qualifying rule, the metrics it rests on, the tier history. */
function Evidence({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [file, setFile] = useState<CustomerFile | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let live = true;
    void api.customersFile({ customerId }).then((r) => {
      if (!live) return;
      setFile(r.ok ? r.value : null);
      setError(r.ok ? null : r.error);
    });
    return () => {
      live = false;
    };
  }, [customerId]);
  if (error) return <ReviewError error={error} />;
  if (!file) return <Spin description={t('reviews.evidence.loading')} />;
  const months = file.window?.months ?? 6;
  return (
    <div data-testid="review-evidence" className="review-evidence">
      {file.qualifiedBy && (
        <div>
          {t('reviews.evidence.qualifiedBy', { tier: t(`tier.${file.qualifiedBy.tier}`), n: file.qualifiedBy.ruleIndex + 1 })}{' '}
          {file.qualifiedBy.conditions.map((c, i) => (
            <Tag key={i} color="green">
              {t(`customers.metric.${c.metric}`, { months })} {c.op} {c.value}
            </Tag>
          ))}
        </div>
      )}
      {file.asOf && file.window && (
        <Typography.Paragraph type="secondary">
          {t('reviews.evidence.metricsAsOf', {
            asOf: f.date(file.asOf),
            months,
            from: f.date(file.window.from),
            to: f.date(file.window.to),
          })}
          ：{t('customers.metric.cumulativeSpend')} {f.yuan(file.metrics.cumulativeSpend)} · {t('customers.metric.annualSpend')}{' '}
          {f.yuan(file.metrics.annualSpend)} · {t('customers.metric.activeReferrals')} {file.metrics.activeReferrals} ·{' '}
          {t('customers.metric.paidOrders')} {file.metrics.paidOrders}
        </Typography.Paragraph>
      )}
      <Typography.Text strong>{t('reviews.evidence.history')}</Typography.Text>
      {file.history.length === 0 ? (
        <div className="muted">{t('reviews.evidence.historyEmpty')}</div>
      ) : (
        <ul>
          {file.history.map((h, i) => (
            <li key={i}>
              {f.date(h.date)} · {t(`tier.${h.from}`)} → {t(`tier.${h.to}`)} · {t(`customers.cause.${h.cause}`)} · {h.actor}
              {h.reason && ` · ${h.reason}`}
            </li>
          ))}
        </ul>
      )}
      {file.reviews.length > 1 && (
        <>
          <Typography.Text strong>{t('reviews.evidence.previous')}</Typography.Text>
          <ul>
            {file.reviews.slice(1).map((r) => (
              <li key={r.id}>
                {f.date(r.openedOn)} · {t(`tier.${r.pendingTier}`)} · {t(`customers.reviewStatus.${r.status}`)}
                {r.reason && ` · ${r.reason}`}
              </li>
            ))}
          </ul>
        </>
      )}
      <a href={customerHash(customerId)}>{t('reviews.evidence.openFile')}</a>
    </div>
  );
}
