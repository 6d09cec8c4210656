import net from 'node:net'

/**
 * A loopback TCP proxy between the terminal and its target that can cut every
 * connection once a number of bytes has passed in one direction: upstream
 * (the request is cut mid-send) or downstream (central applied the batch, its
 * answer is cut: the lost acknowledgement).
 */
export class TcpProxy {
  private server: net.Server
  private pairs = new Set<[net.Socket, net.Socket]>()
  private budget: { direction: 'up' | 'down'; bytes: number } | null = null
  /** Connections cut so far. */
  drops = 0
  port = 0

  constructor(private readonly targetPort: number) {
    this.server = net.createServer((client) => this.accept(client))
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as net.AddressInfo).port
    return this.port
  }

  /** Cuts all connections after `bytes` more bytes flow in `direction`; once. */
  dropAfter(bytes: number, direction: 'up' | 'down') {
    this.budget = { direction, bytes }
  }

  get armed() {
    return this.budget !== null
  }

  dropAll() {
    this.drops++
    for (const [a, b] of this.pairs) {
      a.destroy()
      b.destroy()
    }
    this.pairs.clear()
  }

  async close() {
    this.budget = null
    for (const [a, b] of this.pairs) {
      a.destroy()
      b.destroy()
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private accept(client: net.Socket) {
    const upstream = net.connect(this.targetPort, '127.0.0.1')
    const pair: [net.Socket, net.Socket] = [client, upstream]
    this.pairs.add(pair)
    const pipe = (from: net.Socket, to: net.Socket, direction: 'up' | 'down') =>
      from.on('data', (chunk: Buffer) => {
        const b = this.budget
        if (b && b.direction === direction) {
          if (chunk.length > b.bytes) {
            // Let the first part through, then cut: the peer sees a truncated message.
            if (b.bytes > 0) to.write(chunk.subarray(0, b.bytes))
            this.budget = null
            setImmediate(() => this.dropAll())
            return
          }
          b.bytes -= chunk.length
        }
        to.write(chunk)
      })
    pipe(client, upstream, 'up')
    pipe(upstream, client, 'down')
    const end = () => {
      client.destroy()
      upstream.destroy()
      this.pairs.delete(pair)
    }
    client.on('close', end).on('error', end)
    upstream.on('close', end).on('error', end)
  }
}
