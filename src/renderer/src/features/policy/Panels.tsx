import { memo, useDeferredValue } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SimulationSummary, SweepOutcome } from '@shared/api/channels/policy';
import { useStudioStore } from './store';
import { StatusBar } from './panels/StatusBar';
import { Headline } from './panels/Headline';
import { DistributionPanel } from './panels/DistributionPanel';
import { MatrixPanel } from './panels/MatrixPanel';
import { SweepPanel } from './panels/SweepPanel';
import { CostPanel } from './panels/CostPanel';
import { GmvPanel } from './panels/GmvPanel';
import { MoversPanel } from './panels/MoversPanel';

/**
 * Every live panel of the studio, fed by the latest simulation answer. The panels render the answer
 * as a deferred (interruptible) update: a drag on a threshold is handled between slices of the chart
 * rendering instead of waiting behind it, so input never stalls on a large answer.
 */
export function Panels() {
  const live = useStudioStore(useShallow((s) => ({ result: s.result, applied: s.applied })));
  const shown = useDeferredValue(live);
  return (
    <div className="policy-panels" data-testid="policy-panels" data-applied={shown.applied}>
      <StatusBar rendered={shown.applied === live.applied} />
      {shown.result && <ResultPanels summary={shown.result.summary} sweep={shown.result.sweep} />}
    </div>
  );
}

const ResultPanels = memo(function ResultPanels({ summary, sweep }: { summary: SimulationSummary; sweep: SweepOutcome | null }) {
  return (
    <>
      <Headline summary={summary} />
      <DistributionPanel summary={summary} />
      <MatrixPanel summary={summary} />
      <SweepPanel sweep={sweep} />
      <CostPanel summary={summary} />
      <GmvPanel summary={summary} />
      <MoversPanel />
    </>
  );
});
