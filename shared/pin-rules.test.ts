import { describe, expect, it } from 'vitest'
import { oneTimePin, pinLength, pinProblem } from './pin-rules'

describe('PIN rules', () => {
  it('wants 4 to 8 digits of a cashier or accountant, 6 to 8 of a manager or admin', () => {
    expect(pinLength('staff')).toEqual({ min: 4, max: 8 })
    expect(pinLength('accountant')).toEqual({ min: 4, max: 8 })
    expect(pinProblem('4862', { role: 'staff' })).toBeNull()
    expect(pinProblem('486', { role: 'staff' })).toMatch(/4 to 8 digits/)
    expect(pinProblem('486213579', { role: 'staff' })).toMatch(/4 to 8 digits/)
    expect(pinProblem('4862', { role: 'manager' })).toMatch(/manager's PIN is 6 to 8 digits/)
    expect(pinProblem('4862', { role: 'admin' })).toMatch(/admin's PIN is 6 to 8 digits/)
    expect(pinProblem('486213', { role: 'admin' })).toBeNull()
    expect(pinProblem('48a2', { role: 'staff' })).toMatch(/digits only/)
  })

  it.each(['0000', '7777', '1212', '707070', '123123', '1234', '4321', '0123', '9876', '345678', '876543'])(
    'refuses the trivial %s',
    (pin) => {
      expect(pinProblem(pin, { role: pin.length >= 6 ? 'manager' : 'staff' })).toMatch(/harder to guess/)
    },
  )

  it('refuses a 4-digit year and digits of the phone, and takes what is near them', () => {
    expect(pinProblem('1987', { role: 'staff' })).toMatch(/year/)
    expect(pinProblem('2004', { role: 'staff' })).toMatch(/year/)
    expect(pinProblem('1357', { role: 'staff' })).toBeNull()
    expect(pinProblem('0107', { role: 'staff', phone: '+1 (555) 010-7788' })).toMatch(/phone/)
    expect(pinProblem('7788', { role: 'staff', phone: '+1 (555) 010-7788' })).toMatch(/phone/)
    expect(pinProblem('7789', { role: 'staff', phone: '+1 (555) 010-7788' })).toBeNull()
    expect(pinProblem('4862', { role: 'staff', phone: null })).toBeNull()
  })

  it('makes one-time PINs of the role’s length that pass the rules, even from a bad random source', () => {
    let i = 0
    const digits = [1, 1, 1, 1, 1, 2, 3, 4, 5, 8, 2, 9, 6, 4, 1, 7, 3, 0]
    const pin = oneTimePin({ role: 'staff' }, () => digits[i++ % digits.length])
    expect(pin).toHaveLength(4)
    expect(pinProblem(pin, { role: 'staff' })).toBeNull()
    expect(pin).not.toBe('1111')
    const manager = oneTimePin({ role: 'manager' }, () => Math.floor(Math.random() * 10))
    expect(manager).toMatch(/^\d{6}$/)
    expect(pinProblem(manager, { role: 'manager' })).toBeNull()
  })
})
