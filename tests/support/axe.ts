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

/**
 * What the eye would see covered: an element of the selector with another of the selector's elements on top at
 * its centre or at one of its corners (inset 2 px), neither inside the other, both in the same scrolling box
 * (content scrolled under the header, the status bar or a dialog's sticky buttons is not covered), counting
 * only the part its scrolling box shows. An element under something outside the
 * selector at its centre (a dialog's backdrop) is not looked at. The "Printed" pill under a Reprint button.
 * Returns "covered <- on top" for each.
 */
export async function covered(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) => {
    const doc = (els[0]?.ownerDocument ?? null) as unknown as {
      elementFromPoint(x: number, y: number): (typeof els)[number] | null
    } | null
    if (!doc) return []
    const set = new Set(els)
    const label = (e: (typeof els)[number]) =>
      `${e.getAttribute('data-testid') ?? e.className} (${(e.textContent ?? '').trim().slice(0, 30)})`
    // The selector's element at a point: the top element there, or the nearest of its ancestors in the set.
    const at = (x: number, y: number) => {
      for (let e = doc.elementFromPoint(x, y); e; e = e.parentElement) if (set.has(e)) return e
      return null
    }
    const view = (els[0] as unknown as { ownerDocument: { defaultView: unknown } }).ownerDocument.defaultView as {
      getComputedStyle(e: unknown): { overflowY: string; overflowX: string; position: string }
    }
    const scroller = (e: (typeof els)[number]) => {
      for (let p = e.parentElement; p; p = p.parentElement) {
        const st = view.getComputedStyle(p)
        if (/auto|scroll/.test(st.overflowY) || /auto|scroll/.test(st.overflowX)) return p
      }
      return null
    }
    // In a sticky or fixed bar (a dialog's buttons): what scrolls under it is scrolled, not covered.
    const pinned = (e: (typeof els)[number]) => {
      const stop = scroller(e)
      for (let p: (typeof els)[number] | null = e; p && p !== stop; p = p.parentElement)
        if (/sticky|fixed/.test(view.getComputedStyle(p).position)) return true
      return false
    }
    const out: string[] = []
    for (const e of els) {
      const box = e.getBoundingClientRect()
      // Only the part its scrolling box shows: the rest is scrolled out of sight, not covered.
      const clip = scroller(e)?.getBoundingClientRect()
      const r = clip
        ? {
            left: Math.max(box.left, clip.left),
            top: Math.max(box.top, clip.top),
            right: Math.min(box.right, clip.right),
            bottom: Math.min(box.bottom, clip.bottom),
          }
        : box
      const width = r.right - r.left
      const height = r.bottom - r.top
      if (width < 6 || height < 6) continue
      const centre = at(r.left + width / 2, r.top + height / 2)
      // Under a dialog, or scrolled out of sight: nothing of the selector on top there.
      if (centre === null) continue
      for (const [x, y] of [
        [r.left + width / 2, r.top + height / 2],
        [r.left + 2, r.top + 2],
        [r.right - 2, r.top + 2],
        [r.left + 2, r.bottom - 2],
        [r.right - 2, r.bottom - 2],
      ]) {
        const top = at(x, y)
        if (
          top &&
          top !== e &&
          !top.contains(e) &&
          !e.contains(top) &&
          scroller(top) === scroller(e) &&
          (pinned(e) || !pinned(top))
        ) {
          out.push(`${label(e)} <- ${label(top)}`)
          break
        }
      }
    }
    return out
  })
}
