import { isbot } from 'isbot';

/** User agents already classified: readers arrive with a few hundred distinct ones, and the list is one big regular expression. */
const verdicts = new Map<string, boolean>();
const MAX_VERDICTS = 2000;

/**
 * Whether a request comes from a bot, by its User-Agent, with `isbot`'s maintained list (crawlers,
 * link previewers, headless browsers, HTTP libraries). A request with no User-Agent at all is
 * counted as a bot too: every browser sends one.
 */
export function isBotRequest(request: Request): boolean {
  const userAgent = request.headers.get('user-agent');
  if (!userAgent) return true;
  let verdict = verdicts.get(userAgent);
  if (verdict === undefined) {
    if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
    verdict = isbot(userAgent);
    verdicts.set(userAgent, verdict);
  }
  return verdict;
}
