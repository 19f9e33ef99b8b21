/** A row of `evaluation_runs` (migration 001): one evaluation; `counts` and `gmv_fen` are JSON per tier. */
export interface EvaluationRunRow {
  id: number;
  as_of: string;
  policy_version: number;
  window_months: number;
  started_at: number;
  finished_at: number;
  actor: string;
  customers: number;
  counts: string;
  gmv_fen: string;
  upgrades: number;
  downgrades: number;
  pending_reviews: number;
  protected: number;
}
