import type { Channel, Output, ParsedInput } from '@shared/api/apiChannels';
import type { HandlerContext } from '../context';

export type Handler<C extends Channel> = (input: ParsedInput<C>, ctx: HandlerContext) => Promise<Output<C>>;
/** One handler per channel: a channel without one fails the typecheck. */
export type Handlers = { [C in Channel]: Handler<C> };
/**
 * The handlers of exactly the channels declared in one channels/<name>.ts object: handlers/<name>.ts
 * exports `handlers = {…} satisfies HandlersFor<typeof X_CHANNELS>`, so a missing or a foreign channel
 * fails the typecheck.
 */
export type HandlersFor<T> = { [C in keyof T & Channel]: Handler<C> };
