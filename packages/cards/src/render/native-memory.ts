/**
 * resvg-js allocates with mimalloc, which by default hands freed memory back to the system 10 ms after it
 * is freed. A card's pixels (3 MB, allocated twice by resvg-js per render) are freed between cards, so
 * every card paid again for fresh pages: about two thirds of resvg's time on a 1200×630 card went to page
 * faults. Keeping freed memory for a second lets the next card reuse it, and it is still returned soon
 * after the last card. mimalloc reads the setting once, when the native module loads, from the process
 * environment (which worker threads share), so this must run on the main thread before resvg-js is first
 * imported. A value the user set is kept.
 */
export function keepNativeMemoryBetweenCards(): void {
  process.env.MIMALLOC_PURGE_DELAY ??= '1000';
}
