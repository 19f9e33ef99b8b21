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
 * Channel → handler. handlers/<name>.ts serves exactly the channels of src/shared/api/channels/<name>.ts
 * (its `satisfies HandlersFor<typeof X_CHANNELS>` demands each of them and refuses others): a new
 * channel goes into its channel file and the same-named handler module; only a new channel file adds
 * a line here. The type of HANDLERS makes a channel without a handler a compile error.
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
