export interface Stats {
  n: number
  mean: number
  p50: number
  p99: number
  max: number
}

/** Milliseconds from hrtime samples in nanoseconds. */
export function stats(samplesNs: bigint[]): Stats {
  const ms = samplesNs.map((s) => Number(s) / 1e6).sort((a, b) => a - b)
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]
  return {
    n: ms.length,
    mean: ms.reduce((s, x) => s + x, 0) / ms.length,
    p50: at(0.5),
    p99: at(0.99),
    max: ms[ms.length - 1],
  }
}

export const fmt = (s: Stats) =>
  `mean ${s.mean.toFixed(3)} ms, p50 ${s.p50.toFixed(3)} ms, p99 ${s.p99.toFixed(3)} ms (n=${s.n})`

export function verdict(ok: boolean) {
  return ok ? 'PASS' : 'MISS'
}

const elapsed = (start: bigint) => process.hrtime.bigint() - start

/**
 * `runs` paired timings of ours (async) and a bare baseline, after `warmups` discarded pairs, the two taking turns
 * at going first so neither always runs on a warm cache: the samples for stats(), in nanoseconds.
 */
export async function pairedTimings(
  runs: number,
  warmups: number,
  ours: () => Promise<unknown>,
  bare: () => unknown,
): Promise<{ ours: bigint[]; bare: bigint[] }> {
  const out = { ours: [] as bigint[], bare: [] as bigint[] }
  const timeOurs = async () => {
    const s = process.hrtime.bigint()
    await ours()
    return elapsed(s)
  }
  const timeBare = () => {
    const s = process.hrtime.bigint()
    bare()
    return elapsed(s)
  }
  for (let i = -warmups; i < runs; i++) {
    let o: bigint, r: bigint
    if (i % 2 === 0) {
      o = await timeOurs()
      r = timeBare()
    } else {
      r = timeBare()
      o = await timeOurs()
    }
    if (i < 0) continue
    out.ours.push(o)
    out.bare.push(r)
  }
  return out
}
