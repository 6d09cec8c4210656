/** Class names joined, the false ones left out: cx(styles.line, selected && styles.selected). */
export const cx = (...names: (string | false | null | undefined)[]): string => names.filter(Boolean).join(' ')
