import fs from 'node:fs'
import path from 'node:path'
import { formatTicketNumber } from '../../shared/ticket-number'
import { openDatabase } from '../store/db'
import { demoCounterCodes, demoPackLabels, describeDemoTickets } from './history'

// Usage: npm run demo:tickets -- [path/to/pos.sqlite]
// Prints the demo tickets of past draws with what to type or scan to validate them.
const file = path.resolve(process.argv[2] ?? path.join(process.env.POS_DATA_DIR ?? '.data/web', 'pos.sqlite'))
if (!fs.existsSync(file)) {
  console.error(
    `No terminal database at ${file}: start the app once (npm start, or npm run web) to create the demo data.`,
  )
  process.exit(1)
}
const db = openDatabase(file, { readonly: true })
const tickets = describeDemoTickets(db)
if (tickets.length === 0) console.log(`No demo tickets in ${file}: this terminal was not started on demo data.`)
else console.log(`Demo tickets in ${file} (type or scan the 26 digits on the Check ticket screen (V)):`)
for (const t of tickets) {
  console.log(`  ${t.scan}  ${formatTicketNumber(t.ticket_number)}  ${t.game} ${t.numbers}: ${t.is} (${t.status})`)
}
// Instant packs: labels for a new delivery of the demo's instant game, to receive on the Instant packs screen.
for (const g of demoPackLabels(db))
  console.log(
    `Instant game ${g.name} (${g.game_number}): pack labels to receive on the Instant packs screen: ${g.labels.join(', ')}`,
  )
// The one cart: instant tickets of the pack on sale and products, scanned (or typed, S) at the counter.
const counter = demoCounterCodes(db)
if (counter.instant.length)
  console.log(`Instant tickets to sell (scan at the counter, or type them after S): ${counter.instant.join(', ')}`)
for (const p of counter.products) console.log(`Product to sell: ${p.code}  ${p.name}`)
db.close()
