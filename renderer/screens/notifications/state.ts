import { create } from 'zustand'

/** Whether the notification centre is open (from the status bar's bell). */
export const useNotificationCentre = create<{ open: boolean; setOpen(open: boolean): void }>()((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
}))
