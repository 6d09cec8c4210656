/**
 * The keyboard, as one listener over a stack of keymaps (after VS Code's keybinding layers): a
 * screen pushes its keymap when it mounts, a dialog pushes its own above it, and a key press is
 * offered to the topmost level only, newest keymap first. Pure: tests press plain objects.
 */

/** The parts of a KeyboardEvent the keymaps look at; plain objects work in tests. */
export interface KeyLike {
  key: string
  ctrlKey?: boolean
  altKey?: boolean
  metaKey?: boolean
  repeat?: boolean
  target?: KeyTarget | EventTarget | null
}

export interface KeyTarget {
  tagName?: string
  /** An input's type: a checkbox or radio takes no typing. */
  type?: string
  isContentEditable?: boolean
  getAttribute?(name: string): string | null
}

/** A key press as the keymaps see it: `timeStamp` feeds the scanner's timing. */
export interface KeyInput extends KeyLike {
  timeStamp: number
}

/**
 * What a keymap answers: `false` not mine, `true` taken (the browser's default is stopped),
 * `'default'` taken, and the browser's default should still happen (a digit that moved the focus
 * into a field must land there).
 */
export type KeyResult = boolean | 'default'
export type Keymap = (e: KeyInput) => KeyResult

/** Dialogs sit above screens; the keys of a level below the top one are off. */
export type KeyLevel = 'screen' | 'dialog'
const RANK: Record<KeyLevel, number> = { screen: 0, dialog: 1 }

const asTarget = (e: KeyLike) => (e.target ?? null) as KeyTarget | null

const TEXT_INPUTS = new Set(['', 'text', 'search', 'email', 'number', 'password', 'tel', 'url'])

/** Typing into a field is not a cashier command; only function keys reach the keymaps from there. */
export function isTyping(e: KeyLike): boolean {
  const t = asTarget(e)
  if (!t) return false
  const tag = (t.tagName ?? '').toUpperCase()
  if (tag === 'INPUT') return TEXT_INPUTS.has((t.type ?? '').toLowerCase())
  return tag === 'TEXTAREA' || tag === 'SELECT' || t.isContentEditable === true
}

const CONTROL_TAGS = new Set(['BUTTON', 'A', 'INPUT', 'SELECT', 'TEXTAREA', 'SUMMARY'])
const CONTROL_ROLES = new Set(['button', 'link', 'checkbox', 'radio', 'switch', 'tab', 'menuitem', 'option'])

/**
 * The one rule about Enter and Space: on a focused button, link or field they belong to that
 * control, which does what it says (a button is pressed, a form submitted). No keymap binding
 * fires for them there; only the scanner's end-of-code Enter is looked at first (scanner.ts).
 */
export function activatesControl(e: KeyLike): boolean {
  if (e.key !== 'Enter' && e.key !== ' ') return false
  const t = asTarget(e)
  if (!t) return false
  if (CONTROL_TAGS.has((t.tagName ?? '').toUpperCase()) || t.isContentEditable === true) return true
  const role = t.getAttribute?.('role')
  return role ? CONTROL_ROLES.has(role) : false
}

export interface KeymapStack {
  /** Adds a keymap above the others of its level; the returned function removes it. */
  push(keymap: Keymap, level?: KeyLevel): () => void
  /** Offers a key press to the topmost level's keymaps, newest first; the first that takes it wins. */
  dispatch(e: KeyInput): KeyResult
  /** How many keymaps are on the stack (for tests and diagnostics). */
  readonly size: number
}

export function createKeymapStack(): KeymapStack {
  let entries: { keymap: Keymap; rank: number; seq: number }[] = []
  let seq = 0
  return {
    push(keymap, level = 'screen') {
      const entry = { keymap, rank: RANK[level], seq: ++seq }
      // By level, then by arrival: a dialog mounted with its screen still sits above it.
      entries = [...entries, entry].sort((a, b) => a.rank - b.rank || a.seq - b.seq)
      return () => {
        entries = entries.filter((x) => x !== entry)
      }
    },
    dispatch(e) {
      // A snapshot: a keymap that opens a dialog must not hand the same key to the dialog.
      const now = entries
      const top = now.at(-1)?.rank
      for (let i = now.length - 1; i >= 0 && now[i].rank === top; i--) {
        const result = now[i].keymap(e)
        if (result) return result
      }
      return false
    },
    get size() {
      return entries.length
    },
  }
}

/** The browser's own key meanings we take away: F1 help, F5 reload and the rest are cashier keys. */
const RESERVED_KEYS = /^F([1-9]|10)$/

/** The parts of a DOM KeyboardEvent the one listener needs. */
export interface KeyEventLike extends KeyInput {
  defaultPrevented: boolean
  preventDefault(): void
}

/** What the one window listener does with every key press. */
export function handleKeyDown(stack: KeymapStack, e: KeyEventLike): void {
  // A field's own handler already acted on it (the picks dialog's Enter moves to the next ticket).
  if (e.defaultPrevented) return
  const result = stack.dispatch(e)
  if (result === true) e.preventDefault()
  if (result) return
  // A held Enter must not press the focused button again and again: a confirmation's Yes button
  // has the focus under the very Enter that opened it.
  if (e.repeat && activatesControl(e)) e.preventDefault()
  else if (RESERVED_KEYS.test(e.key)) e.preventDefault()
}

export interface Binding {
  /** Keys by KeyboardEvent.key. A binding never matches with Ctrl, Alt or Meta held. */
  keys: readonly string[]
  /** Return false when it does not apply after all; 'default' to let the browser act too. */
  run(e: KeyInput): void | KeyResult
  /** Also while the focus is in a text field (function keys, Escape). */
  inFields?: boolean
  /** Also for a held key's repeats. */
  repeat?: boolean
}

/** A keymap from a list of bindings, first match wins, with the one rule about controls applied. */
export function keymap(bindings: readonly Binding[]): Keymap {
  return (e) => {
    if (e.ctrlKey || e.altKey || e.metaKey || activatesControl(e)) return false
    for (const b of bindings) {
      if (!b.keys.includes(e.key) || (e.repeat && !b.repeat) || (!b.inFields && isTyping(e))) continue
      const result = b.run(e)
      if (result === false) continue
      return result ?? true
    }
    return false
  }
}

export const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const
