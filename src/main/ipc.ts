import { CHANNELS, JOB_ID, PROGRESS_EVENT, isProgressChannel, type AnyResult, type ProgressEvent } from '@shared/api/apiChannels';
import type { Dispatch } from '../server/dispatcher';
import { isTrustedSender } from './security';

/** The parts of an IpcMainInvokeEvent the handlers read. */
export interface InvokeEvent {
  senderFrame: { url: string; parent: unknown } | null;
  sender: { send(channel: string, payload: unknown): void; isDestroyed(): boolean };
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => Promise<AnyResult>): void;
}

/**
 * One `ipcMain.handle` per contract channel, all through the dispatcher. Calls from any frame but
 * the app's own top frame are refused before the input is even parsed.
 */
export function registerIpc(ipcMain: IpcMainLike, dispatch: Dispatch): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, input, jobId) => {
      if (!isTrustedSender(event.senderFrame)) {
        return {
          ok: false,
          error: { code: 'FORBIDDEN', message: `${channel}: refused a call from ${event.senderFrame?.url ?? 'an unknown frame'}` },
        };
      }
      if (!isProgressChannel(channel) || typeof jobId !== 'string' || !JOB_ID.test(jobId)) return dispatch(channel, input);
      return dispatch(channel, input, {
        onProgress: (progress) => {
          if (!event.sender.isDestroyed()) event.sender.send(PROGRESS_EVENT, { jobId, channel, progress } satisfies ProgressEvent);
        },
      });
    });
  }
}
