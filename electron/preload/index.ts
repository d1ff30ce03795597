import { contextBridge, ipcRenderer } from 'electron';

/**
 * The whole bridge: one function that sends a named operation to the main process. No ipcRenderer, no
 * Node, nothing else reaches the page.
 */
contextBridge.exposeInMainWorld('alongside', {
  invoke: (channel: string, payload: unknown): Promise<unknown> =>
    ipcRenderer.invoke('alongside:invoke', channel, payload),
});
