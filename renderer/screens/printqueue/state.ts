import { create } from 'zustand'

/** Whether the list of tickets that did not print is open: UI state, opened from the status bar or its key. */
interface PrintQueueSlice {
  open: boolean
  setOpen(open: boolean): void
}

export const usePrintQueue = create<PrintQueueSlice>()((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
}))

export const openPrintQueue = (): void => usePrintQueue.getState().setOpen(true)
