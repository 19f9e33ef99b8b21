import { Card, Progress, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerFile as File } from '@shared/api/channels/customers';
import { useFormat } from '../../../lib/useFormat';

/** The customer's contracts, each a link to it on the contracts page. */
export function FileContracts({ file }: { file: File }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
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
  );
}
