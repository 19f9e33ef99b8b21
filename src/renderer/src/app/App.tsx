import { useEffect, type ReactNode } from 'react';
import { Alert, App as AntApp, Badge, Button, ConfigProvider, Layout, Menu, Result, Segmented, Space, Spin, Typography } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import {
  AuditOutlined,
  BarChartOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  FileProtectOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Language } from '@shared/api';
import { cspNonce } from '../lib/cspNonce';
import { currentLanguage, setLanguage } from '../i18n';
import { useReviewsStore } from '../features/reviews/store';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { CustomersPage } from '../features/customers/CustomersPage';
import { ReviewsPage } from '../features/reviews/ReviewsPage';
import { PolicyPage } from '../features/policy/PolicyPage';
import { ContractsPage } from '../features/contracts/ContractsPage';
import { DataPage } from '../features/data/DataPage';
import { DatabaseProblem } from '../features/data/DatabaseProblem';
import { DB_UNAVAILABLE } from '@shared/api/channels/data';
import { AuditPage } from '../features/audit/AuditPage';
import { OperatorBadge, OperatorPrompt } from '../features/settings/OperatorName';
import { PAGES, type PageKey } from './pages';
import { useAppStore } from './store';

const ICONS: Record<PageKey, ReactNode> = {
  dashboard: <DashboardOutlined />,
  customers: <TeamOutlined />,
  reviews: <SafetyCertificateOutlined />,
  policy: <BarChartOutlined />,
  contracts: <FileProtectOutlined />,
  data: <DatabaseOutlined />,
  audit: <AuditOutlined />,
};

const PAGE_COMPONENTS: Record<PageKey, () => ReactNode> = {
  dashboard: DashboardPage,
  customers: CustomersPage,
  reviews: ReviewsPage,
  policy: PolicyPage,
  contracts: ContractsPage,
  data: DataPage,
  audit: AuditPage,
};

// Written into index.html by the host (browser-mode server, Electron main) for every page load.
const CSP = cspNonce ? { nonce: cspNonce } : undefined;

const LANGUAGE_OPTIONS: { value: Language; label: string }[] = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
];

export function App() {
  const { i18n } = useTranslation();
  const lng = currentLanguage();
  useEffect(() => {
    document.title = i18n.t('app.title');
  }, [i18n, lng]);
  return (
    // antd's CSS-in-JS injects <style> tags; the CSP allows them only with the host's per-page nonce
    // (no 'unsafe-inline'). Even antd's zero-runtime mode injects its CSS variables, so the nonce is
    // needed either way and the regular mode is used.
    <ConfigProvider locale={lng === 'en' ? enUS : zhCN} csp={CSP}>
      <AntApp>
        <Shell />
      </AntApp>
    </ConfigProvider>
  );
}

function Shell() {
  const { t } = useTranslation();
  const { info, infoError, page, go, loadInfo } = useAppStore();
  const openReviews = useReviewsStore((s) => s.open);
  const loadReviewCount = useReviewsStore((s) => s.loadCount);
  useEffect(() => {
    void loadInfo();
    void loadReviewCount();
  }, [loadInfo, loadReviewCount]);

  if (!info) {
    if (!infoError) return <Spin size="large" className="page-spin" description={t('app.loading')} />;
    if (infoError.code === DB_UNAVAILABLE) return <DatabaseProblem onOpened={() => void loadInfo()} />;
    const message = infoError.code === 'UNAUTHORIZED' ? t('app.unauthorized') : t('app.loadFailed', { message: infoError.message });
    return (
      <Result
        status="error"
        title={t('app.title')}
        subTitle={message}
        extra={<Button onClick={() => void loadInfo()}>{t('app.retry')}</Button>}
      />
    );
  }
  const Page = PAGE_COMPONENTS[page];
  return (
    <Layout className="shell">
      <Layout.Sider width={220} theme="light" className="shell-sider">
        <div className="shell-brand">
          <Typography.Title level={4}>{t('app.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
        </div>
        <Menu
          mode="inline"
          style={{ borderInlineEnd: 'none' }}
          selectedKeys={[page]}
          onClick={({ key }) => go(key as PageKey)}
          items={PAGES.map((key) => ({
            key,
            icon: ICONS[key],
            label:
              key === 'reviews' ? (
                <span className="nav-with-badge" data-testid="nav-reviews">
                  {t('nav.reviews')}
                  <Badge count={openReviews ?? 0} overflowCount={9999} data-testid="reviews-badge" />
                </span>
              ) : (
                <span data-testid={`nav-${key}`}>{t(`nav.${key}`)}</span>
              ),
          }))}
        />
        <div className="shell-footer">
          <Typography.Text type="secondary" title={info.dbPath} ellipsis>
            {t('app.database', { path: info.dbPath })}
          </Typography.Text>
          <Typography.Text type="secondary">{t('app.zone', { zone: info.zone })}</Typography.Text>
          <Typography.Text type="secondary">
            {info.mode === 'browser' ? t('app.modeBrowser') : t('app.modeElectron')} · v{info.appVersion}
          </Typography.Text>
        </div>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="shell-header">
          <Typography.Title level={3} className="shell-title">
            {t(`nav.${page}`)}
          </Typography.Title>
          <Space>
            <OperatorBadge />
            <LanguageSwitch />
          </Space>
        </Layout.Header>
        <Layout.Content className="shell-content">
          <OperatorPrompt />
          {info.demo && <DemoBanner />}
          <Page />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <Segmented<Language>
      aria-label={t('app.language')}
      data-testid="language-switch"
      value={currentLanguage()}
      options={LANGUAGE_OPTIONS}
      onChange={(v) => void setLanguage(v)}
    />
  );
}

function DemoBanner() {
  const { t } = useTranslation();
  const go = useAppStore((s) => s.go);
  return (
    <Alert
      type="warning"
      showIcon
      className="demo-banner"
      data-testid="demo-banner"
      title={t('demo.title')}
      description={
        <>
          <div>{t('demo.body')}</div>
          <div>{t('demo.howTo')}</div>
        </>
      }
      action={
        <Button size="small" onClick={() => go('data')}>
          {t('demo.goData')}
        </Button>
      }
    />
  );
}
