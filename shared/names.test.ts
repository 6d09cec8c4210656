import { describe, expect, it } from 'vitest'
import { handlerNames } from './contract'
import { HANDLER_NAME } from './names'

describe('handler names', () => {
  it('are all kebab-case domain-verb, so the preload lets every one through', () => {
    for (const n of handlerNames) expect(n).toMatch(HANDLER_NAME)
    expect(HANDLER_NAME.test('ipc:raw')).toBe(false)
    expect(HANDLER_NAME.test('__proto__')).toBe(false)
  })
})
