import { useCallback } from 'react';
import { Empty, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderRow } from '@shared/api/channels/customers';
import { api } from '../../../lib/api';
import { useFormat } from '../../../lib/useFormat';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { FILE_PAGE, usePaged } from './usePaged';

export function Orders({ customerId }: { customerId: string }) {
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
