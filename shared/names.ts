/**
 * Names only, with no schemas: what the Electron preload needs to refuse
 * unknown channels without bundling zod into the sandboxed page.
 */
export const eventNames = ['print-status', 'status-changed', 'sale-committed', 'report-progress'] as const

/** Handler names are kebab-case `domain-verb`; the main process checks them against the contract. */
export const HANDLER_NAME = /^[a-z]+(-[a-z]+)+$/
