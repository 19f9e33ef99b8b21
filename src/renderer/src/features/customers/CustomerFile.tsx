import { useCallback, useEffect, useState } from 'react';
import { Drawer, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '@shared/api';
import type { CustomerFile as File } from '@shared/api/channels/customers';
import { api } from '../../lib/api';
import { useReviewsStore } from '../reviews/store';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { FileBody } from './file/FileBody';
import { useCustomersStore } from './store';

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
