/** Channels of one domain: policy versions, drafts, simulation, sweep, backtest (issue 4). */
export const POLICY_CHANNELS = {};
