import { Progress, Tag, Typography } from 'antd';
import { CheckCircleTwoTone } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CustomerFile as File } from '@shared/api/channels/customers';
import { useFormat } from '../../../lib/useFormat';
import { conditionPercent, metricLabel, missingPhrase, missingSentence } from '../progress';

/** Progress bars per alternative rule of the next tier, and the sentence of what is missing. */
export function NextTier({ file, months }: { file: File; months: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!file.next) return <Typography.Text type="secondary">{t('customers.file.top')}</Typography.Text>;
  const next = file.next;
  const sentence = missingSentence(next.rules, t, f.cny, months);
  return (
    <div data-testid="next-tier" data-tier={next.tier}>
      <Typography.Paragraph>
        {t('customers.file.nextTier', { tier: t(`tier.${next.tier}`) })}{' '}
        {next.requiresReview && <Tag color="orange">{t('customers.file.needsReview')}</Tag>}
      </Typography.Paragraph>
      <div className="missing" data-testid="next-missing">
        {sentence ?? t('customers.file.allMetNext', { tier: t(`tier.${next.tier}`) })}
      </div>
      {next.rules.map((r) => (
        <div key={r.ruleIndex} className="rule" data-testid={`next-rule-${r.ruleIndex}`}>
          <Typography.Text strong>
            {r.ruleIndex > 0 && `${t('customers.file.or')} · `}
            {t('customers.file.rule', { n: r.ruleIndex + 1 })}{' '}
            {r.met && <CheckCircleTwoTone twoToneColor="#52c41a" aria-label={t('customers.file.ruleMet')} />}
          </Typography.Text>
          {r.conditions.map((c, i) => (
            <div key={i} className="condition">
              <span>
                {metricLabel(t, c.metric, months)} {c.op} {c.value}
                {!c.met && <span className="muted"> — {missingPhrase(c, t, f.cny, months)}</span>}
              </span>
              <Progress
                percent={conditionPercent(c)}
                size="small"
                status={c.met ? 'success' : 'active'}
                showInfo={false}
                aria-label={`${metricLabel(t, c.metric, months)} ${conditionPercent(c)}%`}
              />
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
