import { createFormControl, type FieldErrors, type FieldValues } from 'react-hook-form'
import { describe, expect, it } from 'vitest'
import { contract, type AppInfo } from '../../../shared/contract'
import { cancelFormSchema } from '../../components/CancelDialog'
import { contractResolver } from '../../forms/contractForm'
import { limitsResolver, limitTexts, savedMessage } from './limitsForm'
import { printerDefaults, printerFormOptions, savedPrinterMessage } from './printerForm'

/** What the backend's dispatcher would answer for these arguments (the same schema, parsed there). */
const backendSays = (name: 'printer-set' | 'clock-acknowledge', args: unknown) => {
  const r = contract[name].args.safeParse(args)
  return r.success ? null : r.error.issues[0].message
}

/** Submits a form the way a click on Save does, without a browser: the valid and invalid outcomes. */
async function submit<T extends FieldValues, R>(form: ReturnType<typeof createFormControl<T, unknown, R>>) {
  let sent: R | null = null
  let errors: FieldErrors<T> | null = null
  await form.handleSubmit(
    (values) => void (sent = values),
    (e) => void (errors = e),
  )()
  return { sent: sent as R | null, errors: errors as FieldErrors<T> | null }
}

describe('the printer form', () => {
  it("shows a port of 70000 the contract's own message, and sends nothing", async () => {
    const form = createFormControl(printerFormOptions)
    form.setValue('uri', 'tcp://printer.local:70000')
    const { sent, errors } = await submit(form)
    expect(sent).toBeNull()
    expect(errors?.uri?.message).toBe(backendSays('printer-set', { uri: 'tcp://printer.local:70000' }))
    expect(errors?.uri?.message).toMatch(/^Port 70000 is not a network port: use 1 to 65535/)
  })

  it('sends exactly what printer-set accepts for a good address', async () => {
    const form = createFormControl(printerFormOptions)
    form.setValue('uri', ' tcp://printer.local:9100 ')
    const { sent } = await submit(form)
    expect(sent).toEqual({ ...printerDefaults, uri: 'tcp://printer.local:9100' })
  })

  it('names what a save changed', () => {
    const before = { ...printerDefaults, uri: 'tcp://10.0.0.7:9100' }
    expect(savedPrinterMessage(before, { ...before, uri: 'tcp://10.0.0.8:9100', width: 48 })).toBe(
      'Printer saved: address tcp://10.0.0.8:9100, width 48 characters.',
    )
    expect(savedPrinterMessage(before, before)).toBe('Printer saved: nothing changed.')
    expect(savedPrinterMessage(null, before)).toMatch(
      /^Printer saved: address tcp:\/\/10.0.0.7:9100, type Epson, width 42/,
    )
  })

  it('an empty width is the same number error the backend gives', async () => {
    const form = createFormControl(printerFormOptions)
    form.setValue('uri', 'printer:TM-T20')
    form.setValue('width', Number.NaN)
    const { errors } = await submit(form)
    expect(errors?.width?.message).toBe(backendSays('printer-set', { uri: 'printer:TM-T20', width: Number.NaN }))
  })
})

describe('the limits form', () => {
  const app = {
    confirm_threshold: 5000,
    max_sale_amount: 50000,
    payout_confirm_threshold: 10000,
    cancel_approval_threshold: 2000,
  } as AppInfo
  const form = () => createFormControl({ resolver: limitsResolver(app, 'USD'), defaultValues: limitTexts(app, 'USD') })

  it('refuses a negative limit, whichever side of the currency sign the minus is on, and sends nothing', async () => {
    for (const typed of ['-50', '-$50.00', '$-50', '- 50']) {
      const f = form()
      f.setValue('max_sale_amount', typed)
      const { errors, sent } = await submit(f)
      expect(sent, typed).toBeNull()
      expect(errors?.max_sale_amount?.message, typed).toMatch(/cannot be negative/)
    }
  })

  it('names every limit a save changed, with its new amount', () => {
    expect(savedMessage({ max_sale_amount: 75000, confirm_threshold: 7550 }, 'USD')).toBe(
      'Saved: Ask the cashier to confirm sales above $75.50; Refuse a single sale above $750.00.',
    )
    expect(savedMessage({}, 'USD')).toBe('Nothing changed.')
  })

  it('sends only the limits that changed, in minor units', async () => {
    const f = form()
    f.setValue('confirm_threshold', '75.50')
    expect((await submit(f)).sent).toEqual({ confirm_threshold: 7550 })
  })

  it('sends nothing when nothing changed', async () => {
    expect((await submit(form())).sent).toEqual({})
  })

  it("refuses an absurd amount with settings-set's own message, and a non-amount before that", async () => {
    const f = form()
    f.setValue('max_sale_amount', '2000000.00')
    const { errors, sent } = await submit(f)
    expect(sent).toBeNull()
    const r = contract['settings-set'].args.safeParse({ max_sale_amount: 200_000_000 })
    expect(errors?.max_sale_amount?.message).toBe(r.success ? null : r.error.issues[0].message)
    f.setValue('max_sale_amount', 'lots')
    expect((await submit(f)).errors?.max_sale_amount?.message).toMatch(/enter an amount like 50\.00/)
  })
})

describe('the cancel and clock forms', () => {
  it("give a short reason the contract's words, and ask for the whole ticket", async () => {
    const form = createFormControl({
      resolver: contractResolver(cancelFormSchema),
      defaultValues: { input: '', reason: '' },
    })
    form.setValue('input', '0001-007-0000000001-2 1234')
    form.setValue('reason', ' x ')
    const { errors } = await submit(form)
    const r = contract['ticket-cancel'].args.safeParse({ input: '1', reason: ' x ' })
    expect(errors?.reason?.message).toBe(r.success ? null : r.error.issues[0].message)
    expect(errors?.input?.message).toMatch(/^Scan the ticket/)
  })

  it("ask the manager for the clock-acknowledge note's own minimum", async () => {
    const schema = contract['clock-acknowledge'].args
    const form = createFormControl({ resolver: contractResolver(schema), defaultValues: { note: 'ok' } })
    expect((await submit(form)).errors?.note?.message).toBe(backendSays('clock-acknowledge', { note: 'ok' }))
  })
})

describe('the cash office settings', () => {
  it('reads a percentage as basis points, and refuses what is not a rate', async () => {
    const { percentToBps } = await import('./CashSection')
    expect(percentToBps('5')).toBe(500)
    expect(percentToBps('5.25%')).toBe(525)
    expect(percentToBps(' 0.5 ')).toBe(50)
    for (const bad of ['', '-1', 'five', '5.255', '1e2']) expect(percentToBps(bad)).toBeNull()
  })
})
