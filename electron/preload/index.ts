import { contextBridge, ipcRenderer } from 'electron';

/**
 * The whole bridge: send a named operation to the main process, and (team mode) hear the team server's
 * change stream for this window. No ipcRenderer, no Node, nothing else reaches the page.
 */
contextBridge.exposeInMainWorld('alongside', {
  invoke: (channel: string, payload: unknown): Promise<unknown> =>
    ipcRenderer.invoke('alongside:invoke', channel, payload),
  watch: (onEvent: (e: { event: string; data: unknown }) => void): (() => void) => {
    const listener = (_: unknown, e: { event: string; data: unknown }) => onEvent(e);
    ipcRenderer.on('alongside:change', listener);
    ipcRenderer.send('alongside:watch');
    return () => {
      ipcRenderer.removeListener('alongside:change', listener);
      ipcRenderer.send('alongside:unwatch');
    };
  },
});
