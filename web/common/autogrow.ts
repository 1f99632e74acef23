// Text boxes that grow with their text, so long text opens whole instead of scrolled inside a
// four-line box. CSS `field-sizing: content` does it in Chromium ≥ 123; older browsers (信创
// desktops ship older Chromium builds) get the height set from scrollHeight on input.
const SUPPORTED = typeof CSS !== 'undefined' && CSS.supports?.('field-sizing', 'content');

function fit(ta: HTMLTextAreaElement): void {
  ta.style.height = 'auto';
  ta.style.height = `${ta.scrollHeight + ta.offsetHeight - ta.clientHeight}px`;
}

/** Makes the text box grow with its text (call once; it may not be on the page yet). */
export function autoGrow(ta: HTMLTextAreaElement): HTMLTextAreaElement {
  ta.classList.add('grow');
  if (SUPPORTED) return ta;
  ta.addEventListener('input', () => fit(ta));
  // once it is on the page (scrollHeight needs layout), and when the width changes
  requestAnimationFrame(() => fit(ta));
  new ResizeObserver(() => fit(ta)).observe(ta);
  return ta;
}

/** After code sets a grown box's value (typing is handled): fit it again. */
export function refit(ta: HTMLElement): void {
  if (!SUPPORTED && ta instanceof HTMLTextAreaElement && ta.classList.contains('grow')) fit(ta);
}
