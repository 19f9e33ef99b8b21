import { useCallback } from 'react';
import { Button, Empty, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReferralRow } from '@shared/api/channels/customers';
import type { Tier } from '@shared/tiers';
import { api } from '../../../lib/api';
import { useFormat } from '../../../lib/useFormat';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { TierLabel } from '../TierLabel';
import { useCustomersStore } from '../store';
import { FILE_PAGE, usePaged } from './usePaged';

export function Referrals({ customerId }: { customerId: string }) {
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
