import type { Handlers } from './types';
import { handlers as app } from './app';
import { handlers as evaluation } from './evaluation';
import { handlers as reviews } from './reviews';
import { handlers as runs } from './runs';
import { handlers as settings } from './settings';
import { handlers as tiers } from './tiers';
import { handlers as customers } from './customers';
import { handlers as policy } from './policy';
import { handlers as contracts } from './contracts';
import { handlers as data } from './data';

/**
 * Channel → handler, one module per domain. A new channel goes into its domain's module (whose
 * `satisfies DomainHandlers<…>` demands it); only a new domain adds a line here. customers/policy/contracts/data.ts each serve the channels of
 * the same-named file in src/shared/api/channels (several `domain:` prefixes each). The type of
 * HANDLERS makes a channel without a handler a compile error.
 */
export const HANDLERS: Handlers = {
  ...app,
  ...evaluation,
  ...reviews,
  ...runs,
  ...settings,
  ...tiers,
  ...customers,
  ...policy,
  ...contracts,
  ...data,
};
