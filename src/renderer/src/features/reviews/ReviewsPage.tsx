import { useEffect } from 'react';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { ComingPage } from '../../components/ComingPage';
import { useReviewsStore } from './store';

export function ReviewsPage() {
  const { t } = useTranslation();
  const open = useReviewsStore((s) => s.open);
  const loadCount = useReviewsStore((s) => s.loadCount);
  useEffect(() => {
    void loadCount();
  }, [loadCount]);
  return (
    <ComingPage page="reviews">
      {open !== null && open > 0 && <Alert type="warning" showIcon title={t('pages.reviews.openNow', { count: open })} className="coming-alert" />}
    </ComingPage>
  );
}
