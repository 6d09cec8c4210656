/** The element id of the ticket preview's scrolling box on the sale screen. */
export const PREVIEW_BOX_ID = 'ticket-preview-box'

/** Scrolls the ticket preview by most of its height, down (+1) or up (-1): Page Down and Page Up. */
export function scrollPreview(direction: 1 | -1): void {
  const box = document.getElementById(PREVIEW_BOX_ID)
  if (box) box.scrollBy({ top: direction * Math.max(40, box.clientHeight * 0.8) })
}
