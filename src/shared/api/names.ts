import { CHANNELS, type Channel } from './apiChannels';

/**
 * Naming rule of the preload/client function of a channel: the domain, then the verb with its first
 * letter upper-cased. `tiers:distribution` → `tiersDistribution`, `tiers:gmvShare` → `tiersGmvShare`.
 */
export type FnName<C extends string> = C extends `${infer D}:${infer V}` ? `${D}${Capitalize<V>}` : never;

export function fnName<C extends Channel>(channel: C): FnName<C> {
  const [domain, verb] = channel.split(':') as [string, string];
  return `${domain}${verb.charAt(0).toUpperCase()}${verb.slice(1)}` as FnName<C>;
}

/** Every function name the preload exposes, in contract order. */
export const FN_NAMES: readonly string[] = CHANNELS.map(fnName);

/** Channel of a function name (the inverse of fnName), or undefined. */
export function channelOf(name: string): Channel | undefined {
  return CHANNELS.find((c) => fnName(c) === name);
}
