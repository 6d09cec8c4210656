import { createContext, useContext, useEffect, useRef } from 'react'
import { createKeymapStack, handleKeyDown, keymap, type Binding, type KeyLevel, type Keymap } from './keymap'

/** The app's one stack; screens and dialogs add to it through useKeymap. */
export const keymaps = createKeymapStack()

/** The level keymaps below a dialog belong to (a PIN pad inside a dialog is part of the dialog). */
export const KeyLevelContext = createContext<KeyLevel>('screen')

/**
 * Puts a keymap (or a list of bindings) on the stack while the component is mounted and `enabled`.
 * The latest one is used without moving it on the stack, so a re-render never puts a screen above
 * its dialog.
 */
export function useKeymap(
  map: Keymap | readonly Binding[],
  options: { enabled?: boolean; level?: KeyLevel } = {},
): void {
  const ambient = useContext(KeyLevelContext)
  const level = options.level ?? ambient
  const enabled = options.enabled ?? true
  const latest = useRef(map)
  useEffect(() => {
    latest.current = map
  })
  useEffect(() => {
    if (!enabled) return
    return keymaps.push((e) => {
      const current = latest.current
      return typeof current === 'function' ? current(e) : keymap(current)(e)
    }, level)
  }, [enabled, level])
}

/** The one window keydown listener; App installs it once. */
export function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => handleKeyDown(keymaps, e)
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}

/**
 * For the counter's touch targets (game tiles, payment and quantity buttons): a tap does what the
 * button says without taking the keyboard focus, so the next Enter still sells. A button reached
 * with Tab keeps the focus, and Enter there presses it.
 */
export const keepFocus = (e: { preventDefault(): void }) => e.preventDefault()
