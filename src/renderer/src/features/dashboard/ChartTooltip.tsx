import type { ReactNode } from 'react';

export interface TooltipRow {
  key: string;
  color: string;
  name: string;
  value: string;
}

/** The one tooltip look of every dashboard chart. */
export function ChartTooltip({ title, rows }: { title: ReactNode; rows: TooltipRow[] }) {
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">{title}</div>
      {rows.map((r) => (
        <div key={r.key} className="chart-tooltip-row">
          <span className="tier-dot" style={{ backgroundColor: r.color }} aria-hidden />
          <span className="chart-tooltip-name">{r.name}</span>
          <span className="chart-tooltip-value">{r.value}</span>
        </div>
      ))}
    </div>
  );
}
