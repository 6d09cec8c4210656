import net from 'node:net'

/**
 * A loopback TCP server playing an ESC/POS network printer (port 9100 style),
 * for tests and benchmarks. Every wait is bounded.
 *
 * - ok: records bytes, answers each DLE EOT 1 with `statusByte` (0x16: online)
 * - offline: like ok, but answers with 0x1e (bit 3 set: cover open / no paper)
 * - hang: accepts and records, never answers, never closes
 * - close-on-connect: accepts and closes at once
 * - close-after-status: answers the first status request, then closes as soon
 *   as the job arrives, without confirming it
 */
export type FakePrinterMode = 'ok' | 'offline' | 'hang' | 'close-on-connect' | 'close-after-status'

export interface FakePrinter {
  uri: string
  port: number
  /** Every byte received so far, over all connections. */
  received(): Buffer
  /** Bytes per connection, in connection order: with one connection per job, one entry per job. */
  jobs(): Buffer[]
  connections(): number
  /** Status requests answered so far. */
  statusReplies(): number
  /** Resolves with received() once it contains `match` (or `match(received())` is true). */
  waitForBytes(match: string | Buffer | ((all: Buffer) => boolean), timeoutMs?: number): Promise<Buffer>
  close(): Promise<void>
}

const DLE = 0x10
const EOT = 0x04
const ONLINE = 0x16
const OFFLINE = 0x1e

export interface FakePrinterOptions {
  mode?: FakePrinterMode
  statusByte?: number
  /** Listen on this port (a printer coming back on its old address); default: any free port. */
  port?: number
}

export async function startFakePrinter(opts: FakePrinterOptions = {}): Promise<FakePrinter> {
  const mode = opts.mode ?? 'ok'
  const statusByte = mode === 'offline' ? OFFLINE : (opts.statusByte ?? ONLINE)
  const chunks: Buffer[][] = []
  const sockets = new Set<net.Socket>()
  const listeners = new Set<() => void>()
  let replies = 0
  // Cached between arrivals: benchmarks call received() on every chunk of every job.
  let all: Buffer | null = null

  const notify = () => {
    all = null
    for (const listener of [...listeners]) listener()
  }

  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    socket.setNoDelay(true)
    const mine: Buffer[] = []
    chunks.push(mine)
    if (mode === 'close-on-connect') {
      socket.destroy()
      notify()
      return
    }
    // Last two bytes of the previous chunk, so a request split across chunks is still seen.
    let tail = Buffer.alloc(0)
    let answered = 0
    socket.on('data', (chunk: Buffer) => {
      mine.push(chunk)
      if (mode === 'close-after-status' && answered > 0) {
        socket.destroy()
        notify()
        return
      }
      if (mode !== 'hang') {
        const scan = Buffer.concat([tail, chunk])
        for (let i = 0; i + 2 < scan.length; i++) {
          if (scan[i] === DLE && scan[i + 1] === EOT && scan[i + 2] === 0x01 && i + 2 >= tail.length) {
            if (mode === 'close-after-status' && answered > 0) break
            socket.write(Buffer.from([statusByte]))
            answered++
            replies++
          }
        }
        tail = scan.subarray(Math.max(0, scan.length - 2))
      }
      notify()
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as net.AddressInfo).port

  const received = () => (all ??= Buffer.concat(chunks.flat()))

  const matches = (match: string | Buffer | ((all: Buffer) => boolean)): Buffer | null => {
    const all = received()
    const ok = typeof match === 'function' ? match(all) : all.includes(match)
    return ok ? all : null
  }

  return {
    uri: `tcp://127.0.0.1:${port}`,
    port,
    received,
    jobs: () => chunks.map((c) => Buffer.concat(c)),
    connections: () => chunks.length,
    statusReplies: () => replies,
    waitForBytes(match, timeoutMs = 2000) {
      const now = matches(match)
      if (now) return Promise.resolve(now)
      return new Promise<Buffer>((resolve, reject) => {
        const check = () => {
          const hit = matches(match)
          if (!hit) return
          done()
          resolve(hit)
        }
        const timer = setTimeout(() => {
          done()
          reject(new Error(`fake printer: expected bytes did not arrive within ${timeoutMs} ms`))
        }, timeoutMs)
        const done = () => {
          clearTimeout(timer)
          listeners.delete(check)
        }
        listeners.add(check)
      })
    },
    close() {
      for (const socket of sockets) socket.destroy()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** A tcp:// address where nothing listens: a port bound and released again. */
export async function closedPortUri(): Promise<string> {
  const server = net.createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as net.AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `tcp://127.0.0.1:${port}`
}
