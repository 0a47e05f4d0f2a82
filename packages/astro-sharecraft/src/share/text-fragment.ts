/**
 * Builds a `#:~:text=` fragment that scrolls a reader to a quoted passage and highlights it
 * (supported by every major browser; others simply open the page).
 */

/** Text-fragment syntax reserves `-`, `&` and `,`: they must be percent-encoded in the terms. */
function encodeTerm(text: string): string {
  return encodeURIComponent(text).replace(/-/g, '%2D').replace(/,/g, '%2C');
}

/** Up to `count` words from the start (or end) of a passage. */
function words(text: string, count: number, fromEnd: boolean): string {
  const all = text.split(/\s+/).filter(Boolean);
  return (fromEnd ? all.slice(-count) : all.slice(0, count)).join(' ');
}

/**
 * The fragment for `passage`. Short passages are matched whole; long ones by their first and last
 * words (`textStart,textEnd`), which keeps shared links short and survives small edits in between.
 */
export function textFragment(passage: string): string {
  const text = passage.replace(/\s+/g, ' ').trim();
  const wordCount = text.split(' ').length;
  if (wordCount <= 10) return `#:~:text=${encodeTerm(text)}`;
  return `#:~:text=${encodeTerm(words(text, 5, false))},${encodeTerm(words(text, 5, true))}`;
}

/** The post URL pointing at `passage`. Any fragment the URL had is replaced. */
export function urlToPassage(url: string, passage: string): string {
  return `${url.replace(/#.*$/s, '')}${textFragment(passage)}`;
}
