import type { Channel, Output, ParsedInput } from '@shared/api/apiChannels';
import type { HandlerContext } from '../context';

export type Handler<C extends Channel> = (input: ParsedInput<C>, ctx: HandlerContext) => Promise<Output<C>>;
/** One handler per channel: a channel without one fails the typecheck. */
export type Handlers = { [C in Channel]: Handler<C> };
/** The handlers of one domain (`tiers` → every `tiers:*` channel), exported by handlers/<domain>.ts. */
export type DomainHandlers<D extends string> = { [C in Channel as C extends `${D}:${string}` ? C : never]: Handler<C> };
/** The handlers of every channel declared in one channels/<file>.ts object (several domains). */
export type HandlersFor<T> = { [C in keyof T & Channel]: Handler<C> };
