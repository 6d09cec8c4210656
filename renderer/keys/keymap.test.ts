import { describe, expect, it } from 'vitest'
import {
  activatesControl,
  createKeymapStack,
  handleKeyDown,
  isTyping,
  keymap,
  type KeyEventLike,
  type KeyInput,
} from './keymap'

const body = { tagName: 'BODY' }
const button = { tagName: 'BUTTON' }
const field = { tagName: 'INPUT', type: 'text' }
const key = (k: string, over: Partial<KeyInput> = {}): KeyInput => ({ key: k, target: body, timeStamp: 0, ...over })

/** A keymap that records what it was given and takes the keys listed. */
function recorder(name: string, takes: string[], log: string[]) {
  return (e: KeyInput) => {
    log.push(`${name}:${e.key}`)
    return takes.includes(e.key)
  }
}

/** A DOM-like event for the listener: remembers whether its default was stopped. */
function event(k: string, over: Partial<KeyEventLike> = {}) {
  const e = { ...key(k), defaultPrevented: false, preventDefault: () => (e.defaultPrevented = true), ...over }
  return e
}

describe('the keymap stack', () => {
  it("offers a key to the dialog's keymap before its screen's, and the screen's keys are off under a dialog", () => {
    const stack = createKeymapStack()
    const log: string[] = []
    stack.push(recorder('screen', ['Enter', 'F1'], log))
    const closeDialog = stack.push(recorder('dialog', ['Escape'], log), 'dialog')
    expect(stack.dispatch(key('Escape'))).toBe(true)
    // The dialog does not take F1, and the screen below does not see it while the dialog is open.
    expect(stack.dispatch(key('F1'))).toBe(false)
    expect(log).toEqual(['dialog:Escape', 'dialog:F1'])
    closeDialog()
    expect(stack.dispatch(key('F1'))).toBe(true)
    expect(log.at(-1)).toBe('screen:F1')
  })

  it('keeps a dialog above its screen whatever order they mounted in', () => {
    const stack = createKeymapStack()
    const log: string[] = []
    // React runs a child's effects before its parent's: the dialog may arrive first.
    stack.push(recorder('dialog', [], log), 'dialog')
    stack.push(recorder('screen', ['x'], log))
    expect(stack.dispatch(key('x'))).toBe(false)
    expect(log).toEqual(['dialog:x'])
  })

  it('gives every keymap of the top level a turn, newest first (a PIN pad inside a dialog)', () => {
    const stack = createKeymapStack()
    const log: string[] = []
    stack.push(recorder('dialog', ['Escape'], log), 'dialog')
    stack.push(recorder('pinpad', ['1'], log), 'dialog')
    expect(stack.dispatch(key('1'))).toBe(true)
    expect(stack.dispatch(key('Escape'))).toBe(true)
    expect(log).toEqual(['pinpad:1', 'pinpad:Escape', 'dialog:Escape'])
  })

  it('removes exactly the keymap that was pushed, and a keymap that opens a dialog does not pass it the same key', () => {
    const stack = createKeymapStack()
    const log: string[] = []
    const off = stack.push(recorder('a', [], log))
    stack.push((e) => {
      log.push(`opener:${e.key}`)
      stack.push(recorder('dialog', ['Enter'], log), 'dialog')
      return true
    })
    expect(stack.dispatch(key('Enter'))).toBe(true)
    expect(log).toEqual(['opener:Enter'])
    off()
    expect(stack.size).toBe(2)
  })
})

describe('bindings', () => {
  it('never fire for Enter or Space on a focused button, link or field: the control does what it says', () => {
    let fired = 0
    const map = keymap([{ keys: ['Enter', ' '], run: () => void fired++, inFields: true }])
    for (const target of [
      button,
      { tagName: 'A' },
      field,
      { tagName: 'SELECT' },
      { tagName: 'INPUT', type: 'checkbox' },
    ]) {
      expect(map(key('Enter', { target }))).toBe(false)
      expect(map(key(' ', { target }))).toBe(false)
    }
    expect(map(key('Enter'))).toBe(true)
    expect(fired).toBe(1)
  })

  it('skip fields unless asked, modifiers always, and repeats unless asked', () => {
    const seen: string[] = []
    const map = keymap([
      { keys: ['F10'], run: () => void seen.push('lock'), inFields: true },
      { keys: ['1'], run: () => void seen.push('one') },
      { keys: ['Backspace'], run: () => void seen.push('back'), repeat: true },
    ])
    expect(map(key('F10', { target: field }))).toBe(true)
    expect(map(key('1', { target: field }))).toBe(false)
    expect(map(key('1', { ctrlKey: true }))).toBe(false)
    expect(map(key('1', { repeat: true }))).toBe(false)
    expect(map(key('Backspace', { repeat: true }))).toBe(true)
    expect(seen).toEqual(['lock', 'back'])
  })

  it('let a binding decline, and let one keep the browser default', () => {
    const map = keymap([
      { keys: ['a'], run: () => false },
      { keys: ['a', 'b'], run: () => 'default' },
    ])
    expect(map(key('a'))).toBe('default')
    expect(map(key('c'))).toBe(false)
  })
})

describe('what counts as typing and as a control', () => {
  it('text fields type; checkboxes, radios and buttons do not', () => {
    expect(isTyping(key('1', { target: field }))).toBe(true)
    expect(isTyping(key('1', { target: { tagName: 'INPUT' } }))).toBe(true)
    expect(isTyping(key('1', { target: { tagName: 'TEXTAREA' } }))).toBe(true)
    expect(isTyping(key('1', { target: { tagName: 'INPUT', type: 'radio' } }))).toBe(false)
    expect(isTyping(key('1', { target: button }))).toBe(false)
  })

  it('Enter and Space activate buttons, links, fields and elements with a control role; other keys do not', () => {
    expect(activatesControl(key('Enter', { target: button }))).toBe(true)
    expect(activatesControl(key(' ', { target: { tagName: 'DIV', getAttribute: () => 'button' } }))).toBe(true)
    expect(activatesControl(key('Enter', { target: body }))).toBe(false)
    expect(activatesControl(key('F1', { target: button }))).toBe(false)
  })
})

describe('the one listener', () => {
  it('stops the browser default only for keys a keymap took, or asked to keep it', () => {
    const stack = createKeymapStack()
    stack.push(
      keymap([
        { keys: ['x'], run: () => true },
        { keys: ['5'], run: () => 'default' },
      ]),
    )
    const taken = event('x')
    handleKeyDown(stack, taken)
    expect(taken.defaultPrevented).toBe(true)
    const kept = event('5')
    handleKeyDown(stack, kept)
    expect(kept.defaultPrevented).toBe(false)
  })

  it("leaves alone a key a field's own handler already took", () => {
    const stack = createKeymapStack()
    let seen = 0
    stack.push(() => Boolean(++seen))
    handleKeyDown(stack, event('Enter', { defaultPrevented: true }))
    expect(seen).toBe(0)
  })

  it('keeps F1-F10 from the browser (help, reload) even when no keymap wanted them', () => {
    const e = event('F5')
    handleKeyDown(createKeymapStack(), e)
    expect(e.defaultPrevented).toBe(true)
    const other = event('F12')
    handleKeyDown(createKeymapStack(), other)
    expect(other.defaultPrevented).toBe(false)
  })

  it("a held Enter does not press the focused button again: only a fresh press is the button's", () => {
    const held = event('Enter', { target: button, repeat: true })
    handleKeyDown(createKeymapStack(), held)
    expect(held.defaultPrevented).toBe(true)
    const fresh = event('Enter', { target: button })
    handleKeyDown(createKeymapStack(), fresh)
    expect(fresh.defaultPrevented).toBe(false)
  })
})
