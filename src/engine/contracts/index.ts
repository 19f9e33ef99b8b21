/** Supreme partner contracts (spec §8): the public surface for the CLI, the console and evaluate(). */
export * from './types';
export {
  createContract,
  updateContract,
  activateContract,
  suspendContract,
  resumeContract,
  terminateContract,
  renewContract,
  sameLengthEnd,
  autoRenewalNumber,
} from './lifecycle';
export { runContractExpiry, type ExpiryOptions } from './expiry';
export { getContract, listContracts, contractHistory, contractMonthlySpend, contractDashboard, contractJson } from './query';
export { importContractsCsv, importContractsFile, CONTRACT_COLUMNS } from './import';
export {
  allowedActions,
  checkNumber,
  checkTerms,
  TRANSITIONS,
  ADMIN_TERMS,
  MAX_PROFIT_SHARE,
  MAX_NUMBER_LENGTH,
  type ContractProblem,
  type Transition,
} from './terms';
export { contractYearAt, expiringDays, EXPIRING_DAYS_SETTING, DEFAULT_EXPIRING_DAYS, type ContractYear } from './progress';
