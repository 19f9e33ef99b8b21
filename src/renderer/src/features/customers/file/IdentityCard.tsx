import { Card, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerFile as File } from '@shared/api/channels/customers';
import { useFormat } from '../../../lib/useFormat';

export function IdentityCard({ file }: { file: File }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
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
  );
}
