import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { describeZodError, fieldLabel } from './dispatcher'

describe('a refused payload, in the words of its form', () => {
  it('names fields as a person would, never as the code does', () => {
    expect(fieldLabel(['batchNumber'])).toBe('Batch number')
    expect(fieldLabel(['lines', 0, 'quantity'])).toBe('Line 1 quantity')
    expect(fieldLabel(['pay_out_reason'])).toBe('Pay out reason')
    expect(fieldLabel(['folder'])).toBe('Folder')
    // The form's own wrapper is not named again: "Product name", not "Product product name".
    expect(fieldLabel(['product', 'product_name'])).toBe('Product name')
    expect(fieldLabel(['product', 'sku'])).toBe('SKU')
    expect(fieldLabel(['budget', 'items', 0, 'allocated_amount'])).toBe('Item 1 allocated amount')
  })

  it('says what is wrong with each field, at most three', () => {
    const schema = z.object({
      batchNumber: z.string().min(1),
      amount: z.number().int(),
      lines: z.array(z.object({ quantity: z.number().max(9) })),
    })
    const r = schema.safeParse({ batchNumber: '', amount: 1.5, lines: [{ quantity: 10 }] })
    expect(r.success).toBe(false)
    const text = describeZodError(r.error!)
    expect(text).toMatch(/^Batch number: .+; Amount: .+; Line 1 quantity: .+$/)
    expect(text).not.toMatch(/batchNumber|lines\.0/)
  })
})
