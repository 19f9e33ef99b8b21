import dayjs, { type Dayjs } from 'dayjs';
import type { Input as ChannelInput } from '@shared/api';
import type { ContractFormProblem, ContractInfo, ContractTermsShape } from '@shared/api/channels/contracts';
import { parseCnyToFen } from '@shared/money';

// The contract form's values and their conversions: from a contract's terms, to the check's input and to the terms saved.

export type FormMode = { kind: 'create' } | { kind: 'edit'; contract: ContractInfo } | { kind: 'renew'; from: ContractInfo };

export interface Values {
  number: string;
  customerId: string;
  start: Dayjs | null;
  end: Dayjs | null;
  /** CNY as typed; converted to fen with parseCnyToFen. */
  commitment: string;
  /** Percent as typed; stored as a fraction. */
  profitSharePct: number | null;
  coBrandingSlots: number | null;
  inventoryHours: number | null;
  logisticsChannel: boolean;
  advisorySeat: boolean;
  accountManager: string;
  autoRenew: boolean;
  notes: string;
}

export type FieldName = keyof Values;

export const DAY = 'YYYY-MM-DD';
// Six decimals of a fraction (four of a percent) are far below any share a contract names, and keep
// 14.3 % from becoming 0.14300000000000002.
const pctToFraction = (pct: number) => Math.round(pct * 1e4) / 1e6;
const fractionToPct = (f: number) => Math.round(f * 1e6) / 1e4;
const fenToCnyText = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));

/** Where the check's problems show in this form. */
export const FIELD_OF: Record<ContractFormProblem['field'], FieldName> = {
  number: 'number',
  customerId: 'customerId',
  start: 'start',
  end: 'end',
  commitmentFen: 'commitment',
  profitShare: 'profitSharePct',
  coBrandingSlots: 'coBrandingSlots',
  inventoryHours: 'inventoryHours',
};

export function valuesOf(number: string, customerId: string, t: ContractTermsShape): Values {
  return {
    number,
    customerId,
    start: dayjs(t.start, DAY),
    end: dayjs(t.end, DAY),
    commitment: fenToCnyText(t.commitmentFen),
    profitSharePct: fractionToPct(t.profitShare),
    coBrandingSlots: t.coBrandingSlots,
    inventoryHours: t.inventoryHours,
    logisticsChannel: t.logisticsChannel,
    advisorySeat: t.advisorySeat,
    accountManager: t.accountManager ?? '',
    autoRenew: t.autoRenew,
    notes: t.notes ?? '',
  };
}

export const EMPTY: Values = {
  number: '',
  customerId: '',
  start: null,
  end: null,
  commitment: '',
  profitSharePct: null,
  coBrandingSlots: 0,
  inventoryHours: 24,
  logisticsChannel: false,
  advisorySeat: false,
  accountManager: '',
  autoRenew: false,
  notes: '',
};

/** The fields the server checks, as far as they are filled in. */
export function checkInput(v: Partial<Values>, mode: FormMode): ChannelInput<'contracts:check'> {
  const input: ChannelInput<'contracts:check'> = {};
  if (mode.kind === 'edit') input.editing = mode.contract.number;
  if (v.number) input.number = v.number;
  if (mode.kind === 'create' && v.customerId?.trim()) input.customerId = v.customerId.trim();
  if (v.start) input.start = v.start.format(DAY);
  if (v.end) input.end = v.end.format(DAY);
  const fen = v.commitment ? parseCnyToFen(v.commitment) : null;
  if (fen !== null) input.commitmentFen = fen;
  if (typeof v.profitSharePct === 'number') input.profitShare = pctToFraction(v.profitSharePct);
  if (typeof v.coBrandingSlots === 'number') input.coBrandingSlots = v.coBrandingSlots;
  if (typeof v.inventoryHours === 'number') input.inventoryHours = v.inventoryHours;
  return input;
}

export function terms(v: Values) {
  return {
    start: v.start!.format(DAY),
    end: v.end!.format(DAY),
    commitmentFen: parseCnyToFen(v.commitment)!,
    profitShare: pctToFraction(v.profitSharePct!),
    coBrandingSlots: v.coBrandingSlots ?? 0,
    inventoryHours: v.inventoryHours ?? 0,
    logisticsChannel: v.logisticsChannel,
    advisorySeat: v.advisorySeat,
    accountManager: v.accountManager,
    autoRenew: v.autoRenew,
    notes: v.notes,
  };
}
