import { create } from 'zustand'
import type { MovementKind } from '../../../shared/contract'

/** Which cash-office dialog is open at the counter: opening the shift, or moving cash in or out of the drawer. */
interface ShiftDialogs {
  dialog: null | { kind: 'open' } | { kind: 'move'; move: MovementKind }
  /**
   * The dialog was offered at this login (opened, or "not now"): it is not offered again by itself until the next
   * login; a shift closed later is followed by the Z, not by a dialog over it. The banner still offers it.
   */
  declined: boolean
  open(dialog: ShiftDialogs['dialog']): void
  decline(): void
  reset(): void
}

export const useShiftDialogs = create<ShiftDialogs>()((set) => ({
  dialog: null,
  declined: false,
  open: (dialog) => set(dialog ? { dialog, declined: true } : { dialog }),
  decline: () => set({ dialog: null, declined: true }),
  reset: () => set({ dialog: null, declined: false }),
}))
