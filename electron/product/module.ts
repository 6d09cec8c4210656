import type { HandlerName } from '../../shared/contract'
import type { Ctx } from '../core/context'
import type { DomainBus, Module } from '../core/module'
import { productView } from './repo'
import { searchProducts } from './repo'
import {
  createPurchase,
  discontinue,
  importProducts,
  listPurchases,
  listSuppliers,
  receivePurchase,
  saveProduct,
  saveSupplier,
  setSupplierStatus,
} from './service'

type ProductHandler = Extract<HandlerName, `product-${string}` | `supplier-${string}` | `purchase-${string}`>

/** Merchandise: products and suppliers, purchases received into stock. */
export function productModule(ctx: Ctx, bus: DomainBus): Module<ProductHandler> {
  return {
    name: 'product',
    handlers: {
      'product-search': (_call, { q, limit, includeDiscontinued }) =>
        searchProducts(ctx.read, q, limit, includeDiscontinued).map(productView),
      'product-save': (call, { id, product }) => saveProduct(ctx, call.session!.userId, id, product),
      'product-discontinue': (call, { id }) => discontinue(ctx, call.session!.userId, id),
      'product-import': (call, { csv }) => importProducts(ctx, call.session!.userId, csv),
      'supplier-list': () => listSuppliers(ctx),
      'supplier-save': (call, { id, supplier }) => saveSupplier(ctx, call.session!.userId, id, supplier),
      'supplier-set-status': (call, { id, status }) => setSupplierStatus(ctx, call.session!.userId, id, status),
      'purchase-create': (call, args) => createPurchase(ctx, call.session!.userId, args),
      'purchase-receive': (call, { reference }) => {
        const received = receivePurchase(ctx, call.session!.userId, reference)
        bus.emit('stock.received', {})
        return received
      },
      'purchase-list': (_call, { status }) => listPurchases(ctx, status),
    },
  }
}
