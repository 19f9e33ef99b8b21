import { memo, useCallback } from 'react';
import { Button, Card, Divider, InputNumber, Select, Slider, Switch, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { METRICS, MONEY_METRICS, OPS, type Metric, type Op } from '@shared/policy';
import { RANKED_TIERS, type RankedTier } from '@shared/tiers';
import { TierDot } from '../../components/Tier';
import { currentLanguage } from '../../i18n';
import { BENEFIT_NUMBERS, BOOLEAN_METRICS, conditionPath, issueKey, type BenefitNumber } from './model';
import { describeRules } from './describe';
import { useStudioStore } from './store';
import type { EditMode, Focus } from './studioState';

/** The problems checkPolicy names at one field path, in the UI language (the English text as a tooltip). */
export function FieldIssues({ path, testId }: { path: string; testId?: string }) {
  const { t } = useTranslation();
  const messages = useStudioStore((s) => s.checked.byPath.get(path));
  if (!messages) return null;
  return (
    <div className="field-issues" role="alert" data-testid={testId ?? `issue-${path}`}>
      {messages.map((m) => {
        const k = issueKey(m);
        return (
          <Tooltip key={m} title={m}>
            <div>{t(`policy.issue.${k.key}`, { ...k.values, message: m })}</div>
          </Tooltip>
        );
      })}
    </div>
  );
}

/** Keeps the latest value of a number field as the user types; null while the box is empty. */
const num = (v: number | string | null): number | null => (v === null || v === '' ? null : Number(v));

export function Editor() {
  const { t } = useTranslation();
  const tiers = useStudioStore((s) => s.doc?.tiers.length ?? 0);
  if (!tiers) return null;
  return (
    <div className="policy-editor" data-testid="policy-editor">
      <SettingsCard />
      {RANKED_TIERS.map((tier, i) => (
        <TierCard key={tier} index={i} />
      ))}
      <Typography.Paragraph type="secondary" className="editor-footnote">
        {t('policy.editor.footnote')}
      </Typography.Paragraph>
    </div>
  );
}

type SettingKey = 'windowMonths' | 'protectionDays' | 'reviewCooldownDays';

function SettingsCard() {
  const { t } = useTranslation();
  // Primitive fields only: the card stays still while thresholds elsewhere are dragged.
  const s = useStudioStore(
    useShallow((s) => ({
      windowMonths: s.doc!.windowMonths,
      protectionDays: s.doc!.protectionDays,
      reviewCooldownDays: s.doc!.reviewCooldownDays,
      costModel: s.doc!.costModel,
      badWindowMonths: s.checked.byPath.has('windowMonths'),
      badProtectionDays: s.checked.byPath.has('protectionDays'),
      badReviewCooldownDays: s.checked.byPath.has('reviewCooldownDays'),
      setSetting: s.setSetting,
      setCostModel: s.setCostModel,
    })),
  );
  const bad: Record<SettingKey, boolean> = {
    windowMonths: s.badWindowMonths,
    protectionDays: s.badProtectionDays,
    reviewCooldownDays: s.badReviewCooldownDays,
  };
  const field = (key: SettingKey, max: number, unit: string) => (
    <div className="setting-field">
      <label htmlFor={`setting-${key}`}>{t(`policy.field.${key}`)}</label>
      <InputNumber
        id={`setting-${key}`}
        data-testid={`setting-${key}`}
        min={key === 'windowMonths' ? 1 : 0}
        max={max}
        precision={0}
        value={s[key]}
        status={bad[key] ? 'error' : undefined}
        onChange={(v) => s.setSetting(key, num(v), 'type')}
        suffix={unit}
      />
      <FieldIssues path={key} />
    </div>
  );
  return (
    <Card size="small" title={t('policy.editor.settings')} className="editor-card">
      <div className="settings-grid">
        {field('windowMonths', 120, t('policy.unit.months'))}
        {field('protectionDays', 3650, t('policy.unit.days'))}
        {field('reviewCooldownDays', 3650, t('policy.unit.days'))}
        <div className="setting-field">
          <label htmlFor="cost-discountShare">{t('policy.field.costModel.discountShare')}</label>
          <InputNumber
            id="cost-discountShare"
            min={0}
            max={1}
            step={0.05}
            value={s.costModel.discountShare}
            onChange={(v) => s.setCostModel('discountShare', num(v), 'type')}
          />
          <FieldIssues path="costModel.discountShare" />
        </div>
        <div className="setting-field">
          <label htmlFor="cost-pointValue">{t('policy.field.costModel.pointValue')}</label>
          <InputNumber
            id="cost-pointValue"
            min={0}
            step={0.01}
            prefix="¥"
            value={s.costModel.pointValue}
            onChange={(v) => s.setCostModel('pointValue', num(v), 'type')}
          />
          <FieldIssues path="costModel.pointValue" />
        </div>
      </div>
      <FieldIssues path="name" />
    </Card>
  );
}

const TierCard = memo(function TierCard({ index }: { index: number }) {
  const { t } = useTranslation();
  const { tier, windowMonths, addRule, setReview } = useStudioStore(
    useShallow((s) => ({ tier: s.doc!.tiers[index]!, windowMonths: s.doc!.windowMonths ?? 6, addRule: s.addRule, setReview: s.setReview })),
  );
  const id = tier.id;
  const complete = tier.rules.every((r) => r.all.length > 0 && r.all.every((c) => c.value !== null));
  return (
    <Card
      size="small"
      className="editor-card"
      data-testid={`tier-card-${id}`}
      title={
        <span>
          <TierDot tier={id} />
          {t(`tier.${id}`)}
        </span>
      }
      extra={
        <label className="review-switch">
          {t('policy.field.requiresReview')}
          <Switch size="small" checked={tier.requiresReview} onChange={(v) => setReview(index, v)} data-testid={`review-${id}`} />
        </label>
      }
    >
      {complete && (
        <Typography.Paragraph type="secondary" className="rule-summary" data-testid={`rule-summary-${id}`}>
          {describeRules(tier as Parameters<typeof describeRules>[0], currentLanguage(), windowMonths)}
        </Typography.Paragraph>
      )}
      {index > 0 && (
        <Typography.Paragraph type="secondary" className="rule-note">
          {t('policy.editor.alsoRegular')}
        </Typography.Paragraph>
      )}
      {tier.rules.length === 0 && <Typography.Paragraph type="warning">{t('policy.editor.noRules')}</Typography.Paragraph>}
      {tier.rules.map((r, ri) => (
        <div key={ri}>
          {ri > 0 && <div className="rule-or">{t('policy.editor.or')}</div>}
          <RuleBlock tier={index} rule={ri} conditions={r.all.length} />
        </div>
      ))}
      <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => addRule(index)} data-testid={`add-rule-${id}`}>
        {t('policy.editor.addRule')}
      </Button>
      <Divider titlePlacement="start" plain className="benefits-divider">
        {t('policy.editor.benefits')}
      </Divider>
      <BenefitsEditor tier={id} />
    </Card>
  );
});

const RuleBlock = memo(function RuleBlock({ tier, rule, conditions }: { tier: number; rule: number; conditions: number }) {
  const { t } = useTranslation();
  const { addCondition, removeRule } = useStudioStore(useShallow((s) => ({ addCondition: s.addCondition, removeRule: s.removeRule })));
  const id = RANKED_TIERS[tier]!;
  return (
    <div className="rule-block" data-testid={`rule-${id}-${rule}`}>
      <div className="rule-head">
        <Typography.Text strong>{t('policy.editor.rule', { n: rule + 1 })}</Typography.Text>
        <Typography.Text type="secondary">{t('policy.editor.allOf')}</Typography.Text>
        <Button
          size="small"
          type="text"
          danger
          icon={<DeleteOutlined />}
          onClick={() => removeRule(tier, rule)}
          aria-label={t('policy.editor.removeRule', { n: rule + 1 })}
        />
      </div>
      {Array.from({ length: conditions }, (_, ci) => (
        <ConditionRow key={ci} f={{ tier, rule, condition: ci }} />
      ))}
      <FieldIssues path={`tiers[${tier}].rules[${rule}].all`} />
      <Button
        size="small"
        type="link"
        icon={<PlusOutlined />}
        onClick={() => addCondition(tier, rule)}
        data-testid={`add-condition-${id}-${rule}`}
      >
        {t('policy.editor.addCondition')}
      </Button>
    </div>
  );
});

const ConditionRow = memo(
  function ConditionRow({ f }: { f: Focus }) {
    const { t } = useTranslation();
    const path = conditionPath(f.tier, f.rule, f.condition);
    const { c, range, focused, invalid, setCondition, removeCondition, setFocus, windowMonths } = useStudioStore(
      useShallow((s) => ({
        c: s.doc!.tiers[f.tier]!.rules[f.rule]!.all[f.condition]!,
        range: s.ranges[path],
        focused: s.focus?.tier === f.tier && s.focus.rule === f.rule && s.focus.condition === f.condition,
        invalid: s.checked.byPath.has(`${path}.value`),
        setCondition: s.setCondition,
        removeCondition: s.removeCondition,
        setFocus: s.setFocus,
        windowMonths: s.doc!.windowMonths ?? 6,
      })),
    );
    const focus = useCallback(() => setFocus(f), [setFocus, f]);
    const change = (value: number | null, mode: EditMode) => setCondition(f, { value }, mode);
    const id = `${RANKED_TIERS[f.tier]}-${f.rule}-${f.condition}`;
    const money = MONEY_METRICS.has(c.metric);
    const flag = BOOLEAN_METRICS.has(c.metric);
    return (
      <div className={`condition-row${focused ? ' focused' : ''}`} data-testid={`cond-${id}`} onFocusCapture={focus}>
        <div className="condition-line">
          <Select<Metric>
            size="small"
            className="metric-select"
            value={c.metric}
            onChange={(metric) => setCondition(f, { metric }, 'drag')}
            options={METRICS.map((m) => ({ value: m, label: t(`policy.metric.${m}`, { months: windowMonths }) }))}
            aria-label={t('policy.editor.metric')}
            data-testid={`cond-${id}-metric`}
            popupMatchSelectWidth={false}
          />
          <Select<Op>
            size="small"
            className="op-select"
            value={c.op}
            onChange={(op) => setCondition(f, { op }, 'drag')}
            options={OPS.map((o) => ({ value: o, label: t(`policy.op.${o}`) }))}
            aria-label={t('policy.editor.op')}
            data-testid={`cond-${id}-op`}
            popupMatchSelectWidth={false}
          />
          <Button
            size="small"
            type="text"
            danger
            icon={<DeleteOutlined />}
            onClick={() => removeCondition(f)}
            aria-label={t('policy.editor.removeCondition')}
            data-testid={`cond-${id}-remove`}
          />
        </div>
        <div className="condition-line">
          {range && (
            <div className="threshold-slider" data-testid={`cond-${id}-slider`}>
              <Slider
                min={range.min}
                max={range.max}
                step={range.step}
                value={c.value ?? range.min}
                onChange={(v: number) => change(v, 'drag')}
                tooltip={{ formatter: (v) => (money ? `¥${v}` : v) }}
                aria-label={t('policy.editor.threshold')}
              />
            </div>
          )}
          <InputNumber
            size="small"
            className="threshold-input"
            value={c.value}
            min={flag ? 0 : undefined}
            max={flag ? 1 : undefined}
            step={range?.step ?? 1}
            prefix={money ? '¥' : undefined}
            status={invalid ? 'error' : undefined}
            onChange={(v) => change(num(v), 'type')}
            aria-label={t('policy.editor.thresholdValue')}
            data-testid={`cond-${id}-value`}
          />
        </div>
        <FieldIssues path={`${path}.value`} testId={`cond-${id}-issue`} />
        <FieldIssues path={`${path}.metric`} />
        <FieldIssues path={`${path}.op`} />
      </div>
    );
  },
  (a, b) => a.f.tier === b.f.tier && a.f.rule === b.f.rule && a.f.condition === b.f.condition,
);

const BENEFIT_INPUT: Record<BenefitNumber, { min: number; max?: number; step: number; percent?: boolean; suffix?: string }> = {
  priceMultiplier: { min: 0, max: 1, step: 0.05 },
  pointsPerCny: { min: 0, step: 0.1 },
  quarterlyRebate: { min: 0, max: 100, step: 0.5, percent: true },
  tradingFee: { min: 0, max: 100, step: 0.5, percent: true },
  supportHours: { min: 0, step: 1, suffix: 'h' },
};

// Percentages are edited as percent and stored as fractions; rounding keeps 6.5 → 0.065 exact.
const toFraction = (v: number | null) => (v === null ? null : Math.round(v * 1e6) / 1e8);
const toPercent = (v: number | null) => (v === null ? null : Math.round(v * 1e8) / 1e6);

const BenefitsEditor = memo(function BenefitsEditor({ tier }: { tier: RankedTier }) {
  const { t } = useTranslation();
  const { b, setBenefit, setPerks } = useStudioStore(
    useShallow((s) => ({ b: s.doc!.benefits[tier], setBenefit: s.setBenefit, setPerks: s.setPerks })),
  );
  return (
    <div className="benefits-grid">
      {BENEFIT_NUMBERS.map((k) => {
        const spec = BENEFIT_INPUT[k];
        return (
          <div className="setting-field" key={k}>
            <label htmlFor={`benefit-${tier}-${k}`}>{t(`policy.field.benefit.${k}`)}</label>
            <InputNumber
              id={`benefit-${tier}-${k}`}
              data-testid={`benefit-${tier}-${k}`}
              size="small"
              min={spec.min}
              max={spec.max}
              step={spec.step}
              value={spec.percent ? toPercent(b[k]) : b[k]}
              suffix={spec.percent ? '%' : spec.suffix}
              onChange={(v) => setBenefit(tier, k, spec.percent ? toFraction(num(v)) : num(v), 'type')}
            />
            <FieldIssues path={`benefits.${tier}.${k}`} />
          </div>
        );
      })}
      <div className="setting-field perks-field">
        <label htmlFor={`benefit-${tier}-perks`}>{t('policy.field.benefit.perks')}</label>
        <Select
          id={`benefit-${tier}-perks`}
          mode="tags"
          size="small"
          value={b.perks}
          onChange={(v: string[]) => setPerks(tier, v)}
          tokenSeparators={['；', ';']}
          placeholder={t('policy.editor.perksHint')}
          open={false}
          suffixIcon={null}
        />
      </div>
    </div>
  );
});
