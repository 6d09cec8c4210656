import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { newRequestId, tempDir, testBackend } from '../../tests/support/backend'
import { installFacts } from './facts'
import { beginStart, installerFor, keepInstaller, markHealthy, readStartRecord } from './health'
import { installDecision, rolloutBucket, storeOpenAt, withinRollout, type InstallFacts } from './policy'

describe('the staged rollout', () => {
  const fleet = Array.from(
    { length: 2000 },
    (_, i) => `POS-STORE${Math.floor(i / 4)}-${String(i % 4).padStart(3, '0')}`,
  )
  const share = (pct: unknown) => fleet.filter((d) => withinRollout(d, pct)).length / fleet.length

  it('takes about the percentage of the fleet, the same terminals as it grows, none at 0, all when unset', () => {
    expect(share(10)).toBeGreaterThan(0.07)
    expect(share(10)).toBeLessThan(0.13)
    expect(share(50)).toBeGreaterThan(0.45)
    expect(share(50)).toBeLessThan(0.55)
    // Halted: nobody, whatever their bucket.
    expect(share(0)).toBe(0)
    expect(share(100)).toBe(1)
    expect(share(undefined)).toBe(1)
    expect(share('not a number')).toBe(1)
    expect(share('25')).toBe(share(25))
    // Growing the rollout only adds terminals.
    const at10 = fleet.filter((d) => withinRollout(d, 10))
    expect(at10.every((d) => withinRollout(d, 30))).toBe(true)
    // A terminal's bucket is its own, every time.
    expect(rolloutBucket('POS-STORE1-001')).toBe(rolloutBucket('POS-STORE1-001'))
  })
})

describe('when an update installs', () => {
  const base: InstallFacts = {
    downloaded: '1.5.0',
    shiftOpen: false,
    printing: false,
    lastSaleAt: '2026-12-02T10:00:00Z',
    now: new Date('2026-12-02T15:00:00Z'), // 10:00 in New York
    timezone: 'America/New_York',
    openingHours: { open: '07:00', close: '22:00' },
  }
  const cases: [string, Partial<InstallFacts>, boolean, RegExp][] = [
    ['nothing downloaded', { downloaded: null }, false, /no update/],
    ['at a shift close', {}, true, /no shift open/],
    ['tickets printing, even with no shift', { printing: true }, false, /printing/],
    ['a sale five minutes ago', { lastSaleAt: '2026-12-02T14:55:00Z' }, false, /last ten minutes/],
    ['a shift open in opening hours', { shiftOpen: true }, false, /waits/],
    [
      'a shift left open after closing time (23:30)',
      { shiftOpen: true, now: new Date('2026-12-03T04:30:00Z') },
      true,
      /outside opening hours/,
    ],
    [
      'a store with no hours and a shift open at night',
      { shiftOpen: true, openingHours: undefined, now: new Date('2026-12-03T04:30:00Z') },
      false,
      /waits/,
    ],
  ]
  for (const [what, over, install, reason] of cases)
    it(`${install ? 'installs' : 'waits'}: ${what}`, () => {
      const d = installDecision({ ...base, ...over })
      expect(d.install).toBe(install)
      expect(d.reason).toMatch(reason)
    })

  it('reads opening hours in store time, past midnight too', () => {
    const at = (iso: string) => new Date(iso)
    const day = { open: '07:00', close: '22:00' }
    expect(storeOpenAt(at('2026-12-02T12:00:00Z'), 'America/New_York', day)).toBe(true) // 07:00
    expect(storeOpenAt(at('2026-12-02T11:59:00Z'), 'America/New_York', day)).toBe(false) // 06:59
    expect(storeOpenAt(at('2026-12-03T03:00:00Z'), 'America/New_York', day)).toBe(false) // 22:00
    const late = { open: '18:00', close: '02:00' }
    expect(storeOpenAt(at('2026-12-03T06:30:00Z'), 'America/New_York', late)).toBe(true) // 01:30
    expect(storeOpenAt(at('2026-12-03T07:30:00Z'), 'America/New_York', late)).toBe(false) // 02:30
  })

  it('reads the facts from a running terminal: its shift, its printing, its last sale', async () => {
    const b = testBackend()
    try {
      const s = await b.login('carlos')
      const facts = () => installFacts(b, { opening_hours: { open: '07:00', close: '22:00' } }, '1.5.0', b.clock())
      expect(facts()).toMatchObject({
        shiftOpen: true,
        printing: false,
        lastSaleAt: null,
        timezone: b.ctx.store.timezone,
      })
      const sale = await b.call(s, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        lines: [{ lotteryId: b.gameId('PICK3'), quantity: 1 }],
      })
      expect(facts().lastSaleAt).toBe(sale.sale_time)
      expect(installDecision(facts()).install).toBe(false)
    } finally {
      await b.cleanup()
    }
  })
})

describe('an update that fails to start', () => {
  const dir = tempDir('pos-update-')
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('rolls back to the kept installer of the version before it after two failed starts', () => {
    // 1.4.0 runs well; its installer was kept when it was downloaded.
    const src = path.join(dir, 'LotteryPOS-Setup-1.4.0.exe')
    fs.writeFileSync(src, 'installer 1.4.0')
    keepInstaller(dir, '1.4.0', src)
    expect(beginStart(dir, '1.4.0')).toEqual({ kind: 'start' })
    markHealthy(dir, '1.4.0')
    expect(readStartRecord(dir)).toMatchObject({ version: '1.4.0', healthy: true, failedStarts: 0 })
    // 1.5.0 installs and never comes up.
    expect(beginStart(dir, '1.5.0')).toEqual({ kind: 'start' })
    expect(readStartRecord(dir)?.previous).toEqual({ version: '1.4.0', installer: installerFor(dir, '1.4.0') })
    expect(beginStart(dir, '1.5.0')).toEqual({ kind: 'start' })
    const third = beginStart(dir, '1.5.0')
    expect(third).toEqual({
      kind: 'rollback',
      to: '1.4.0',
      installer: path.join(dir, 'updates', 'installers', '1.4.0.exe'),
    })
    expect(fs.readFileSync((third as { installer: string }).installer, 'utf8')).toBe('installer 1.4.0')
    // The installer failed and 1.5.0 starts again: never a second rollback (no loop of quitting), stuck instead.
    expect(beginStart(dir, '1.5.0')).toMatchObject({ kind: 'stuck', reason: expect.stringMatching(/after a rollback/) })
    expect(beginStart(dir, '1.5.0')).toMatchObject({ kind: 'stuck' })
  })

  it('starts normally once a version comes up, and says it is stuck when there is nothing to roll back to', () => {
    const d2 = tempDir('pos-update-2-')
    try {
      beginStart(d2, '2.0.0')
      markHealthy(d2, '2.0.0')
      expect(beginStart(d2, '2.0.0')).toEqual({ kind: 'start' })
      markHealthy(d2, '2.0.0')
      beginStart(d2, '2.1.0')
      beginStart(d2, '2.1.0')
      expect(beginStart(d2, '2.1.0')).toMatchObject({ kind: 'stuck', reason: expect.stringMatching(/call IT/) })
    } finally {
      fs.rmSync(d2, { recursive: true, force: true })
    }
  })
})
