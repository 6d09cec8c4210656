import path from 'node:path'
import { formatTicketNumber } from '../../shared/ticket-number'
import { openDatabase } from '../store/db'
import { DEMO_REQUEST_PREFIX } from './history'

// Usage: npm run demo:tickets -- [path/to/pos.sqlite]
// Prints the demo tickets of past draws with what to type or scan to validate them.
const file = path.resolve(process.argv[2] ?? path.join(process.env.POS_DATA_DIR ?? '.data/web', 'pos.sqlite'))
const db = openDatabase(file, { readonly: true })
const rows = db
  .prepare(
    `SELECT t.ticket_number, t.validation_code, l.name, t.numbers, t.status FROM tickets t
     JOIN sales s ON s._id = t.sale_id JOIN lotteries l ON l._id = t.lottery_id
     WHERE s.request_id LIKE ? ORDER BY t.ticket_number`,
  )
  .all(`${DEMO_REQUEST_PREFIX}%`) as {
  ticket_number: string
  validation_code: string
  name: string
  numbers: string
  status: string
}[]
console.log(`Demo tickets in ${file} (type or scan the 26 digits on the Check ticket screen (V)):`)
for (const r of rows) {
  console.log(
    `  ${r.ticket_number}${r.validation_code}  ${formatTicketNumber(r.ticket_number)} code ${r.validation_code}  ${r.name} ${r.numbers} (${r.status})`,
  )
}
db.close()
