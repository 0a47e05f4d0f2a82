/**
 * What the stats call an engaged view: a page view whose reader kept the page visible and focused
 * for at least `ENGAGED_MS`, or scrolled at least `ENGAGED_SCROLL_PCT` percent of it. The beacon
 * reports running totals, so a view's largest report counts.
 */
export const ENGAGED_MS = 10_000;

/** See `ENGAGED_MS`. */
export const ENGAGED_SCROLL_PCT = 50;

/** One UTC day in milliseconds: stats are grouped by UTC day. */
export const DAY_MS = 86_400_000;

/** The definition as the stats API states it in every answer. */
export const ENGAGED_VIEW_DEFINITION = `a page view visible and focused for at least ${ENGAGED_MS / 1000} s, or scrolled at least ${ENGAGED_SCROLL_PCT} %`;
