import { z } from 'zod';

export type ChannelKind = 'read' | 'write';

export interface Def<I extends z.ZodType, O, K extends ChannelKind, P extends boolean> {
  kind: K;
  input: I;
  progress: P;
  summary: string;
  /** Phantom: carries the output type; never read at run time. */
  readonly output?: O;
}

/** Declares a channel: `channel<Output>()({kind, input, summary, progress?})`. */
export function channel<O>() {
  return <I extends z.ZodType, K extends ChannelKind, P extends boolean = false>(d: {
    kind: K;
    input: I;
    summary: string;
    progress?: P;
  }): Def<I, O, K, P> => ({ kind: d.kind, input: d.input, summary: d.summary, progress: (d.progress ?? false) as P });
}

export const noInput = z.object({}).strict();
export const date = z.iso.date({ message: 'must be a real date written YYYY-MM-DD' });

/** Input pieces several channel files share. */
export const customerId = z.string().min(1, { message: 'must not be empty' }).max(200);
export const reason = z.string().trim().min(1, { message: 'give a reason' }).max(2000);
export const page = (max: number) => ({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(max).default(50) });
