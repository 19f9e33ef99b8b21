import { CHANNELS, JOB_ID, PROGRESS_EVENT, isProgressChannel, type AnyResult, type ProgressEvent } from '@shared/api/apiChannels';
import { fnName } from '@shared/api/names';
import type { OnProgress, TierdeskApi } from '@shared/api/client';

/** The slice of ipcRenderer the preload uses (a parameter so the builder is testable without Electron). */
export interface PreloadIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(event: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(event: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

/**
 * `window.tierdesk`: one named function per contract channel and nothing else — never a generic
 * invoke, never ipcRenderer itself. A progress channel takes an optional `onProgress`; its events
 * are matched to the call by a fresh job id.
 */
export function buildApi(ipc: PreloadIpc, newJobId: () => string): TierdeskApi {
  const api: Record<string, (input?: unknown, onProgress?: OnProgress) => Promise<AnyResult>> = {};
  for (const channel of CHANNELS) {
    api[fnName(channel)] = async (input?: unknown, onProgress?: OnProgress) => {
      if (!isProgressChannel(channel) || typeof onProgress !== 'function') return (await ipc.invoke(channel, input ?? {})) as AnyResult;
      const jobId = newJobId();
      if (!JOB_ID.test(jobId)) throw new Error(`bad job id ${jobId}`);
      const listener = (_e: unknown, payload: unknown) => {
        const ev = payload as ProgressEvent;
        if (ev && ev.jobId === jobId) onProgress(ev.progress);
      };
      ipc.on(PROGRESS_EVENT, listener);
      try {
        return (await ipc.invoke(channel, input ?? {}, jobId)) as AnyResult;
      } finally {
        ipc.removeListener(PROGRESS_EVENT, listener);
      }
    };
  }
  return Object.freeze(api) as unknown as TierdeskApi;
}
