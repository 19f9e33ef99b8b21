import { useState } from 'react';
import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerFile as File } from '@shared/api/channels/customers';
import { OverrideDialog } from '../OverrideDialog';
import { AssignmentCard } from './AssignmentCard';
import { BenefitsTable } from './BenefitsTable';
import { FileContracts } from './FileContracts';
import { History } from './History';
import { IdentityCard } from './IdentityCard';
import { MetricsCard } from './MetricsCard';
import { NextTier } from './NextTier';
import { Orders } from './Orders';
import { Referrals } from './Referrals';

/** The sections of a customer file, top to bottom, and the override dialog they open. */
export function FileBody({ file, onChanged }: { file: File; onChanged: () => void }) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<'set' | 'clear' | null>(null);
  const months = file.window?.months ?? 6;

  return (
    <div data-testid="customer-file-body" data-customer={file.customerId}>
      <AssignmentCard file={file} onOverride={setDialog} />

      <Card size="small" title={t('customers.file.next')} data-testid="file-next">
        <NextTier file={file} months={months} />
      </Card>

      <MetricsCard file={file} months={months} />

      <IdentityCard file={file} />

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

      <FileContracts file={file} />

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
