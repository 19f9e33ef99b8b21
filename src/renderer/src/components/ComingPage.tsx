import type { ReactNode } from 'react';
import { Card, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PageKey } from '../app/pages';

/**
 * The honest state of a page a later release fills: what it will do and how to get the same done
 * today. No sample rows, no placeholders that look like data.
 */
export function ComingPage({ page, children }: { page: Exclude<PageKey, 'dashboard'>; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Card data-testid={`page-${page}`}>
      <Result
        status="info"
        title={t(`nav.${page}`)}
        subTitle={t('common.comingTitle')}
        extra={
          <div className="coming-text">
            <Typography.Paragraph>{t(`pages.${page}.what`)}</Typography.Paragraph>
            {children}
            <Typography.Title level={5}>{t('common.meanwhile')}</Typography.Title>
            <Typography.Paragraph type="secondary">{t(`pages.${page}.meanwhile`)}</Typography.Paragraph>
          </div>
        }
      />
    </Card>
  );
}
