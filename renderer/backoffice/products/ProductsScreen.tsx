import { useState } from 'react'
import { FormMessage, type FormMessageValue } from '../../components/FormMessage'
import type { ImportReport, ProductView, PurchaseView, SupplierView } from '../../../shared/contract'
import { PRODUCT_LOW_STOCK } from '../../../shared/contract'
import { formatMoney } from '../../../shared/money'
import { useAppInfo, useBackend, useBackendMutation } from '../../data/backend'
import { minorToInput, parseMoney } from '../../format'
import { cx } from '../../styles/cx'
import styles from '../../screens/shift/shift.module.css'

type Message = FormMessageValue

/**
 * Merchandise: products (search by name, SKU or barcode; add, edit, discontinue; a CSV import with its report),
 * suppliers, and purchases received into stock.
 */
export function ProductsScreen() {
  const currency = useAppInfo()?.store.currency ?? 'USD'
  const [q, setQ] = useState('')
  const [editing, setEditing] = useState<ProductView | 'new' | null>(null)
  const found = useBackend('product-search', { q, limit: 50, includeDiscontinued: true })
  const suppliers = useBackend('supplier-list', {}).data ?? []
  const discontinue = useBackendMutation('product-discontinue')

  return (
    <div className={styles.office} data-testid="products">
      <section className={cx('card', styles.wide)} aria-labelledby="products-title">
        <h2 id="products-title">Products</h2>
        <div className={styles.pager}>
          <input
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="Name, SKU or barcode"
            aria-label="Search products by name, SKU or barcode"
            data-testid="product-search"
            autoFocus
          />
          <button type="button" className="btn primary" onClick={() => setEditing('new')} data-testid="product-add">
            Add a product
          </button>
        </div>
        <table className={styles.table} data-testid="product-table">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">SKU</th>
              <th scope="col">Price</th>
              <th scope="col">In stock</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {(found.data ?? []).map((p) => (
              <tr key={p._id} data-testid={`product-${p.sku}`}>
                <th scope="row">
                  {p.product_name}
                  {p.age_check ? ' · 18+' : ''}
                </th>
                <td>{p.sku}</td>
                <td>{formatMoney(p.price, currency)}</td>
                {/* Low as the inventory report reckons it (PRODUCT_LOW_STOCK), so the two screens agree. */}
                <td
                  className={p.quantity > 0 && p.quantity <= PRODUCT_LOW_STOCK ? styles.badText : undefined}
                  data-testid={`product-stock-${p.sku}`}
                >
                  {p.quantity}
                  {p.status !== 'discontinued' && p.quantity > 0 && p.quantity <= PRODUCT_LOW_STOCK ? ' · low' : ''}
                </td>
                <td className={p.status === 'in_stock' ? undefined : styles.badText}>{p.status.replace(/_/g, ' ')}</td>
                <td>
                  <button
                    type="button"
                    className="btn small"
                    onClick={() => setEditing(p)}
                    aria-label={`Edit ${p.product_name}`}
                  >
                    Edit
                  </button>{' '}
                  {p.status !== 'discontinued' && (
                    <button
                      type="button"
                      className="btn small"
                      onClick={() => discontinue.mutate({ id: p._id })}
                      aria-label={`Discontinue ${p.product_name}`}
                    >
                      Discontinue
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {found.data?.length === 0 && <p className="muted">No product matches.</p>}
      </section>
      {editing && (
        <ProductForm
          key={editing === 'new' ? 'new' : editing._id}
          product={editing === 'new' ? null : editing}
          suppliers={suppliers}
          currency={currency}
          onDone={() => setEditing(null)}
        />
      )}
      <Purchases suppliers={suppliers} currency={currency} />
      <Suppliers suppliers={suppliers} />
      <Import />
    </div>
  )
}

function ProductForm({
  product,
  suppliers,
  currency,
  onDone,
}: {
  product: ProductView | null
  suppliers: SupplierView[]
  currency: string
  onDone(): void
}) {
  const [f, setF] = useState({
    product_name: product?.product_name ?? '',
    sku: product?.sku ?? '',
    barcode: product?.barcode ?? '',
    category: product?.category ?? '',
    price: product ? minorToInput(product.price, currency) : '',
    supplier_id: product?.supplier_id ?? '',
    location: product?.location ?? '',
    age_check: product?.age_check ?? false,
  })
  const [message, setMessage] = useState<Message>(null)
  const save = useBackendMutation('product-save')
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value })

  const submit = () => {
    const price = parseMoney(f.price, currency)
    if (price === null || price < 0) return setMessage({ kind: 'error', text: 'The price is an amount like 2.50.' })
    save.mutate(
      {
        ...(product ? { id: product._id } : {}),
        product: {
          product_name: f.product_name,
          sku: f.sku,
          barcode: f.barcode.trim() || null,
          category: f.category,
          price,
          supplier_id: f.supplier_id || null,
          location: f.location,
          age_check: f.age_check,
        },
      },
      {
        onSuccess: (p) => {
          setMessage({ kind: 'ok', text: `Saved ${p.product_name} (${p.sku}) at ${formatMoney(p.price, currency)}.` })
          if (!product) onDone()
        },
        onError: (e) => setMessage({ kind: 'error', text: e.message }),
      },
    )
  }

  return (
    <form
      className="card form"
      aria-labelledby="product-form-title"
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
      data-testid="product-form"
    >
      <h2 id="product-form-title">{product ? `Edit ${product.product_name}` : 'Add a product'}</h2>
      <label>
        <span>Name</span>
        {/* Focused when the form opens, which also brings it into view below the list. */}
        <input value={f.product_name} onChange={set('product_name')} data-testid="product-name" autoFocus />
      </label>
      <div className="form-row">
        <label>
          <span>SKU</span>
          <input value={f.sku} onChange={set('sku')} data-testid="product-sku" />
        </label>
        <label>
          <span>Barcode (EAN-13 or UPC-A)</span>
          <input inputMode="numeric" value={f.barcode} onChange={set('barcode')} data-testid="product-barcode" />
        </label>
      </div>
      <div className="form-row">
        <label>
          <span>Price ({currency})</span>
          <input inputMode="decimal" value={f.price} onChange={set('price')} data-testid="product-price" />
        </label>
        <label>
          <span>Category</span>
          <input value={f.category} onChange={set('category')} />
        </label>
      </div>
      <div className="form-row">
        <label>
          <span>Supplier</span>
          <select value={f.supplier_id} onChange={set('supplier_id')} data-testid="product-supplier">
            <option value="">None</option>
            {suppliers.map((s) => (
              <option key={s._id} value={s._id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Location</span>
          <input value={f.location} onChange={set('location')} />
        </label>
      </div>
      <label className="check">
        <input type="checkbox" checked={f.age_check} onChange={(e) => setF({ ...f, age_check: e.target.checked })} />
        <span>Age-restricted (tobacco, alcohol): ask for the age at the counter</span>
      </label>
      <FormMessage message={message} testid="product-message" />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onDone}>
          Close
        </button>
        <button type="submit" className="btn primary" disabled={save.isPending} data-testid="product-save">
          Save product
        </button>
      </div>
    </form>
  )
}

function Suppliers({ suppliers }: { suppliers: SupplierView[] }) {
  const [name, setName] = useState('')
  const [terms, setTerms] = useState('')
  const [message, setMessage] = useState<Message>(null)
  const save = useBackendMutation('supplier-save')
  const status = useBackendMutation('supplier-set-status')
  return (
    <section className="card" aria-labelledby="suppliers-title" data-testid="suppliers">
      <h2 id="suppliers-title">Suppliers</h2>
      <ul className={styles.bars}>
        {suppliers.map((s) => (
          <li key={s._id}>
            <span>{s.status === 'active' ? '' : '(inactive)'}</span>
            <span>
              {s.name}
              {s.payment_terms ? ` · ${s.payment_terms}` : ''}
            </span>
            <button
              type="button"
              className="btn small"
              onClick={() => status.mutate({ id: s._id, status: s.status === 'active' ? 'inactive' : 'active' })}
              aria-label={`${s.status === 'active' ? 'Deactivate' : 'Activate'} ${s.name}`}
            >
              {s.status === 'active' ? 'Deactivate' : 'Activate'}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          save.mutate(
            { supplier: { name, payment_terms: terms.trim() || null } },
            {
              onSuccess: (s) => {
                setMessage({ kind: 'ok', text: `Added ${s.name}.` })
                setName('')
                setTerms('')
              },
              onError: (e) => setMessage({ kind: 'error', text: e.message }),
            },
          )
        }}
      >
        <div className="form-row">
          <label>
            <span>New supplier</span>
            <input value={name} onChange={(e) => setName(e.target.value)} data-testid="supplier-name" />
          </label>
          <label>
            <span>Payment terms</span>
            <input value={terms} onChange={(e) => setTerms(e.target.value)} placeholder="Net 30" />
          </label>
        </div>
        <FormMessage message={message} testid="supplier-message" />
        <div className="form-actions">
          <button type="submit" className="btn" disabled={save.isPending} data-testid="supplier-add">
            Add supplier
          </button>
        </div>
      </form>
    </section>
  )
}

function Purchases({ suppliers, currency }: { suppliers: SupplierView[]; currency: string }) {
  const list = useBackend('purchase-list', {})
  const products = useBackend('product-search', { q: '', limit: 200 }).data ?? []
  const create = useBackendMutation('purchase-create')
  const receive = useBackendMutation('purchase-receive')
  const [supplierId, setSupplierId] = useState('')
  const [reference, setReference] = useState('')
  const [productId, setProductId] = useState('')
  const [quantity, setQuantity] = useState('')
  const [unit, setUnit] = useState('')
  const [message, setMessage] = useState<Message>(null)
  const supplier = supplierId || suppliers.find((s) => s.status === 'active')?._id || ''
  const product = productId || products[0]?._id || ''

  const submit = () => {
    const q = Number(quantity)
    const price = parseMoney(unit, currency)
    if (!/^\d+$/.test(quantity.trim()) || q < 1)
      return setMessage({ kind: 'error', text: 'The quantity is a whole number, at least 1.' })
    if (price === null || price < 0)
      return setMessage({ kind: 'error', text: 'The unit price is an amount like 0.80.' })
    create.mutate(
      {
        supplierId: supplier,
        reference: reference.trim(),
        lines: [{ productId: product, quantity: q, unitPrice: price }],
      },
      {
        onSuccess: (po) =>
          setMessage({
            kind: 'ok',
            text: `Purchase ${po.reference_number} recorded, ${formatMoney(po.total_value, currency)}: receive it when the goods arrive.`,
          }),
        onError: (e) => setMessage({ kind: 'error', text: e.message }),
      },
    )
  }
  const rows: PurchaseView[] = list.data ?? []

  return (
    <section className="card" aria-labelledby="purchases-title" data-testid="purchases">
      <h2 id="purchases-title">Purchases</h2>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        <div className="form-row">
          <label>
            <span>Supplier</span>
            <select value={supplier} onChange={(e) => setSupplierId(e.target.value)} data-testid="purchase-supplier">
              {suppliers
                .filter((s) => s.status === 'active')
                .map((s) => (
                  <option key={s._id} value={s._id}>
                    {s.name}
                  </option>
                ))}
            </select>
          </label>
          <label>
            <span>Order reference</span>
            <input value={reference} onChange={(e) => setReference(e.target.value)} data-testid="purchase-reference" />
          </label>
        </div>
        <label>
          <span>Product</span>
          <select value={product} onChange={(e) => setProductId(e.target.value)} data-testid="purchase-product">
            {products.map((p) => (
              <option key={p._id} value={p._id}>
                {p.product_name} ({p.sku})
              </option>
            ))}
          </select>
        </label>
        <div className="form-row">
          <label>
            <span>Quantity</span>
            <input
              inputMode="numeric"
              value={quantity}
              onChange={(e) => setQuantity(e.target.value)}
              data-testid="purchase-quantity"
            />
          </label>
          <label>
            <span>Unit price ({currency})</span>
            <input
              inputMode="decimal"
              value={unit}
              onChange={(e) => setUnit(e.target.value)}
              data-testid="purchase-unit"
            />
          </label>
        </div>
        <FormMessage message={message} testid="purchase-message" />
        <div className="form-actions">
          <button
            type="submit"
            className="btn primary"
            disabled={create.isPending || !supplier || !product}
            data-testid="purchase-create"
          >
            Record purchase
          </button>
        </div>
      </form>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Supplier</th>
            <th scope="col">Value</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((po) => (
            <tr key={po.reference_number} data-testid={`purchase-${po.reference_number}`}>
              <th scope="row">{po.reference_number}</th>
              <td>{po.supplier}</td>
              <td>{formatMoney(po.total_value, currency)}</td>
              <td>
                {po.transaction_status === 'pending' ? (
                  <button
                    type="button"
                    className="btn small primary"
                    disabled={receive.isPending}
                    onClick={() =>
                      receive.mutate(
                        { reference: po.reference_number },
                        { onError: (e) => setMessage({ kind: 'error', text: e.message }) },
                      )
                    }
                    data-testid={`receive-${po.reference_number}`}
                  >
                    Receive goods
                  </button>
                ) : (
                  po.transaction_status
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

function Import() {
  const [report, setReport] = useState<ImportReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const run = useBackendMutation('product-import')
  return (
    <section className="card" aria-labelledby="import-title" data-testid="product-import">
      <h2 id="import-title">Import products (CSV)</h2>
      <p className="muted">
        A header row naming the columns: product_name, sku and price at least; barcode, category, description, supplier
        (by name), location, tags (separated by ;), image_url, age_check (yes).
      </p>
      <label className="form">
        <span>CSV file</span>
        <input
          type="file"
          accept=".csv,text/csv"
          data-testid="import-file"
          onChange={(e) => {
            const file = e.target.files?.[0]
            if (!file) return
            setError(null)
            void file
              .text()
              .then((csv) => run.mutate({ csv }, { onSuccess: setReport, onError: (err) => setError(err.message) }))
          }}
        />
      </label>
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      {report && (
        <div data-testid="import-report">
          <p className={report.refused.length ? styles.badText : undefined}>
            {report.imported} added, {report.refused.length} refused.
          </p>
          {report.refused.length > 0 && (
            <ul>
              {report.refused.map((r) => (
                <li key={r.line}>
                  Line {r.line} ({r.sku || 'no SKU'}): {r.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  )
}
