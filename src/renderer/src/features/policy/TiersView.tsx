import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Card, Spin, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '@shared/api';
import type { PolicyVersion } from '@shared/api/channels/policy';
import type { Policy } from '@shared/policy';
import { RANKED_TIERS, type RankedTier } from '@shared/tiers';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/useFormat';
import { currentLanguage } from '../../i18n';
import { TierDot } from '../../components/Tier';
import { BENEFIT_NUMBERS } from './model';
import { describeBenefit, describeRules, describeSettings } from './describe';
import { policyChanges, type PolicyChange } from './diff';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useStudioStore } from './store';

interface Loaded {
  active: PolicyVersion;
  previous: PolicyVersion | null;
}

/**
 * The active policy as staff read it to customers: each tier's rules in plain language (Chinese and
 * English), review and protection, the benefits side by side, and what changed since the previous
 * version highlighted.
 */
export function TiersView() {
  const { t } = useTranslation();
  const f = useFormat();
  // Follows a publish made in the studio.
  const studioVersion = useStudioStore((s) => s.active?.version ?? null);
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const active = await api.policyActive();
      if (!active.ok) return live && setError(active.error);
      const v = active.value.version;
      const previous = v > 1 ? await api.policyGet({ version: v - 1 }) : null;
      if (!live) return;
      if (previous && !previous.ok) setError(previous.error);
      else setData({ active: active.value, previous: previous ? previous.value : null });
    })();
    return () => {
      live = false;
    };
  }, [studioVersion]);

  if (error) return <ApiErrorAlert error={error} scope="policy" testId="policy-error" />;
  if (!data) return <Spin className="page-spin" />;
  const { active, previous } = data;
  const p = active.policy;
  const lng = currentLanguage();
  const other = lng === 'en' ? 'zh-CN' : 'en';
  const changes = previous ? policyChanges(previous.policy, p, lng, (v) => t(v ? 'policy.yes' : 'policy.no')) : [];
  const changed = new Map(changes.map((c) => [c.key, c]));
  const settings = describeSettings(p, lng);
  const settingsOther = describeSettings(p, other);

  return (
    <div className="tiers-view" data-testid="tiers-view">
      <Card size="small" className="tiers-head">
        <Typography.Title level={5} className="tiers-title">
          {t('policy.tiers.active', { version: active.version, name: p.name })}
        </Typography.Title>
        <Typography.Text type="secondary">
          {t('policy.tiers.published', { at: f.instant(active.publishedAt), actor: active.actor })}
          {active.reason ? ` · ${t('policy.tiers.reason', { reason: active.reason })}` : ''}
        </Typography.Text>
        {previous && (
          <Alert
            className="tiers-changes"
            type={changes.length ? 'info' : 'success'}
            showIcon
            data-testid="tiers-changes"
            title={
              changes.length
                ? t('policy.tiers.changes', { n: changes.length, version: previous.version })
                : t('policy.tiers.noChanges', { version: previous.version })
            }
          />
        )}
        <ul className="tiers-settings">
          {(['window', 'protection', 'cooldown'] as const).map((k) => (
            <li
              key={k}
              className={
                (k === 'window' && changed.has('windowMonths')) ||
                (k === 'protection' && changed.has('protectionDays')) ||
                (k === 'cooldown' && changed.has('reviewCooldownDays'))
                  ? 'changed'
                  : undefined
              }
            >
              {settings[k]}
              <div className="other-language">{settingsOther[k]}</div>
            </li>
          ))}
        </ul>
      </Card>

      <Card size="small" title={t('policy.tiers.rulesTitle')} className="panel-card">
        <table className="tiers-rules" data-testid="tiers-rules">
          <tbody>
            {RANKED_TIERS.map((tier, i) => {
              const tp = p.tiers[i]!;
              const c = changed.get(`rules.${tier}`);
              return (
                <tr key={tier} data-testid={`tier-rules-${tier}`}>
                  <th scope="row">
                    <TierDot tier={tier} />
                    {tp.name?.[lng] ?? t(`tier.${tier}`)}
                  </th>
                  <td>
                    <Changed change={c}>
                      <div className="rule-text" data-testid={`tier-rule-text-${tier}`}>
                        {describeRules(tp, lng, p.windowMonths)}
                      </div>
                    </Changed>
                    <div className="other-language" data-testid={`tier-rule-other-${tier}`}>
                      {describeRules(tp, other, p.windowMonths)}
                    </div>
                    {i > 0 && (
                      <Typography.Text type="secondary" className="rule-note">
                        {t('policy.editor.alsoRegular')}
                      </Typography.Text>
                    )}
                  </td>
                  <td className="tier-flags">
                    <Changed change={changed.get(`review.${tier}`)}>
                      {tp.requiresReview ? <Tag color="purple">{t('policy.tiers.review')}</Tag> : <Tag>{t('policy.tiers.automatic')}</Tag>}
                    </Changed>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Card>

      <Card size="small" title={t('policy.tiers.benefitsTitle')} className="panel-card">
        <div className="benefits-scroll">
          <table className="benefits-table" data-testid="benefits-table">
            <thead>
              <tr>
                <th />
                {RANKED_TIERS.map((tier) => (
                  <th key={tier} scope="col">
                    <TierDot tier={tier} />
                    {t(`tier.${tier}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {BENEFIT_NUMBERS.map((k) => (
                <tr key={k}>
                  <th scope="row">{t(`policy.field.benefit.${k}`)}</th>
                  {RANKED_TIERS.map((tier) => (
                    <BenefitCell key={tier} tier={tier} field={k} change={changed.get(`benefit.${tier}.${k}`)}>
                      {describeBenefit(k, p.benefits[tier], lng)}
                    </BenefitCell>
                  ))}
                </tr>
              ))}
              <tr>
                <th scope="row">{t('policy.field.benefit.perks')}</th>
                {RANKED_TIERS.map((tier) => (
                  <BenefitCell key={tier} tier={tier} field="perks" change={changed.get(`benefit.${tier}.perks`)}>
                    <ul className="perks">
                      {p.benefits[tier].perks.map((perk) => (
                        <li key={perk}>{perk}</li>
                      ))}
                    </ul>
                  </BenefitCell>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
        <CostModelNote policy={p} change={changed.get('costModel.discountShare') ?? changed.get('costModel.pointValue')} />
      </Card>
    </div>
  );
}

/** Highlights what differs from the previous version, with the old wording on hover. */
function Changed({ change, children }: { change: PolicyChange | undefined; children: ReactNode }) {
  const { t } = useTranslation();
  if (!change) return <>{children}</>;
  return (
    <Tooltip title={t('policy.tiers.was', { before: change.before })}>
      <div className="changed" data-testid={`changed-${change.key}`}>
        {children}
        <Tag color="gold" className="changed-tag">
          {t('policy.tiers.changedTag')}
        </Tag>
      </div>
    </Tooltip>
  );
}

function BenefitCell({
  tier,
  field,
  change,
  children,
}: {
  tier: RankedTier;
  field: string;
  change: PolicyChange | undefined;
  children: ReactNode;
}) {
  return (
    <td className={change ? 'changed-cell' : undefined} data-testid={`tiers-benefit-${tier}-${field}`}>
      <Changed change={change}>{children}</Changed>
    </td>
  );
}

function CostModelNote({ policy, change }: { policy: Policy; change: PolicyChange | undefined }) {
  const { t } = useTranslation();
  return (
    <Changed change={change}>
      <Typography.Paragraph type="secondary" className="panel-note">
        {t('policy.tiers.costModel', { share: Math.round(policy.costModel.discountShare * 100), point: policy.costModel.pointValue })}
      </Typography.Paragraph>
    </Changed>
  );
}
