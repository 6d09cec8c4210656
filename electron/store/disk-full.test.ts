import { afterEach, describe, expect, it } from 'vitest'
import { counts, newRequestId, testBackend, type TestBackend } from '../../tests/support/backend'

let b: TestBackend
afterEach(() => b.cleanup())

describe('a full disk', () => {
  it('says the disk is full, what to do and that nothing was lost, and writes nothing', async () => {
    b = testBackend()
    const s = await b.login('carlos')
    const sell = (quantity: number) =>
      b.call(s, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        confirmed: true,
        lines: [{ lotteryId: b.gameId('LOTTO'), quantity }],
      })
    await sell(1)
    const before = counts(b)
    // SQLite's own limit on the file's size: the next write that needs a new page fails as a full disk does.
    const pages = b.ctx.db.pragma('page_count', { simple: true }) as number
    b.ctx.db.pragma(`max_page_count = ${pages}`)
    let err: Error | null = null
    let beforeRefused = before
    for (let i = 0; i < 50 && !err; i++) {
      beforeRefused = counts(b)
      err = await sell(10).then(
        () => null,
        (e: Error) => e,
      )
    }
    expect(err).toMatchObject({ code: 'DISK_FULL' })
    expect(err!.message).toMatch(/disk is full/)
    expect(err!.message).toMatch(/Everything saved before is safe/)
    // The refused sale left nothing behind: not a ticket, an outbox row or an audit entry.
    expect(counts(b)).toEqual(beforeRefused)
    b.ctx.db.pragma('max_page_count = 1073741823')
    expect(await sell(1).then(() => 'sold')).toBe('sold')
  })
})
