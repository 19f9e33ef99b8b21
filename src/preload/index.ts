import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from './api';

// Sandboxed preload: only `electron` is required; the contract (and zod) are bundled in.
contextBridge.exposeInMainWorld(
  'tierdesk',
  buildApi(ipcRenderer, () => globalThis.crypto.randomUUID()),
);
