import { contextBridge, ipcRenderer } from 'electron'
import { eventNames, HANDLER_NAME } from '../shared/names'

// The page gets exactly invoke and on, for contract names only, and the folder dialog; never ipcRenderer itself.
contextBridge.exposeInMainWorld('pos', {
  invoke(name: string, args: unknown) {
    if (typeof name !== 'string' || !HANDLER_NAME.test(name)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_HANDLER', message: `Unknown action: ${name}` } })
    }
    return ipcRenderer.invoke('pos:invoke', name, args)
  },
  /** The system's folder dialog (the Reports screen's export folder): the path picked, or null. */
  pickFolder(): Promise<string | null> {
    return ipcRenderer.invoke('pos:pick-folder')
  },
  on(event: string, cb: (payload: unknown) => void) {
    if (!(eventNames as readonly string[]).includes(event)) return () => {}
    const listener = (_e: unknown, payload: unknown) => cb(payload)
    ipcRenderer.on(`pos:event:${event}`, listener)
    return () => ipcRenderer.removeListener(`pos:event:${event}`, listener)
  },
})
