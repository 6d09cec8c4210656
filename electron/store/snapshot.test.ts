import { afterEach, describe, expect, it } from 'vitest'
import { testBackend, type TestBackend } from '../../tests/support/backend'
import { inReadSnapshot } from './db'

let b: TestBackend
afterEach(() => b?.cleanup())

describe('inReadSnapshot', () => {
  it('reads the database as it stood at its first read, whatever another connection commits meanwhile', async () => {
    b = testBackend()
    const count = () => (b.ctx.read.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n
    const before = count()
    const seen = inReadSnapshot(b.ctx.read, () => {
      const first = count()
      b.ctx.db
        .prepare(
          "INSERT INTO outbox (collection, doc_id, op, payload, created_at) VALUES ('x', 'y', 'insert', '{}', 'z')",
        )
        .run()
      return [first, count()]
    })
    expect(seen).toEqual([before, before])
    // Outside it, the next read sees the write; and the snapshot left no transaction open.
    expect(count()).toBe(before + 1)
    expect(b.ctx.read.inTransaction).toBe(false)
  })
})
