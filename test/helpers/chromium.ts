import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium: test browsers cannot be downloaded here, so the system one is driven. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium calls itself "HeadlessChrome", which the collector's bot filter rightly drops;
 * a reader's browser does not, so tests browse with the user agent of an ordinary Chrome.
 */
export const READER_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-agent=${READER_USER_AGENT}`,
    ],
  });
}
