import fs from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const source = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[]; failureSummary?: string }[]
}

/**
 * axe-core's serious and critical findings on the page as it is now (or inside the element a selector names),
 * one line each (rule, what it asks, where). Injected by evaluation, since the app's Content-Security-Policy refuses added script tags.
 */
export async function axeFindings(page: Page, within?: string): Promise<string[]> {
  await page.evaluate(source)
  const violations = await page.evaluate(async (sel) => {
    const g = globalThis as unknown as {
      axe: { run(ctx: unknown, o: object): Promise<{ violations: unknown[] }> }
      document: unknown
    }
    return (await g.axe.run(sel ?? g.document, { resultTypes: ['violations'] })).violations
  }, within)
  return (violations as Violation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

/**
 * Whatever the eye would see cut off: an element whose text is wider than its box (clipped or ellipsised),
 * among the elements given by the selector. Returns "selector text" for each.
 */
export async function cutOff(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) =>
    els
      .filter((e) => {
        const el = e as typeof e & { offsetParent: unknown }
        if (el.offsetParent === null) return false
        return el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1
      })
      .map((e) => `${e.getAttribute('data-testid') ?? e.className}: ${(e.textContent ?? '').trim().slice(0, 60)}`),
  )
}

/** Whatever sticks out past the window's right edge: the page wider than the window (scrolling down is fine). */
export async function offScreen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const g = globalThis as unknown as {
      innerWidth: number
      document: {
        querySelectorAll(s: string): Iterable<{
          getBoundingClientRect(): { right: number; width: number; height: number }
          getAttribute(n: string): string | null
          tagName: string
          textContent: string | null
          children: { length: number }
        }>
      }
    }
    const out: string[] = []
    for (const e of g.document.querySelectorAll('button, input, select, a, [data-testid], h1, h2, h3, dd, kbd')) {
      const r = e.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) continue
      if (r.right > g.innerWidth + 1)
        out.push(
          `${e.getAttribute('data-testid') ?? e.tagName.toLowerCase()} (${(e.textContent ?? '').trim().slice(0, 40)}) ends at x=${Math.round(r.right)}`,
        )
    }
    return out
  })
}
