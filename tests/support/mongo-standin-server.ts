// Runs the wire-protocol stand-in (NOT MongoDB) as its own process, so a
// benchmark's client and "server" work on different cores as they would
// against a real deployment. Prints "PORT <n>" when listening; stops on stdin end.
import { StandinWireServer } from './mongo-standin-wire'

const server = new StandinWireServer()
const port = await server.listen(Number(process.argv[2] ?? 0))
process.stdout.write(`PORT ${port}\n`)
process.stdin.resume()
process.stdin.on('end', () => void server.close().then(() => process.exit(0)))
