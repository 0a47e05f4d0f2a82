import { readFile } from 'node:fs/promises';
import { type Manifest, parseManifest } from '@sharecraft/protocol';

/** How long fetching a published manifest may take. */
const MANIFEST_FETCH_TIMEOUT_MS = 10_000;

/**
 * Loads a site's manifest from a file path or an http(s) URL (a deployed site's
 * `/_sharecraft/manifest.json`). Errors say which source failed and why.
 */
export async function loadManifest(source: string): Promise<Manifest> {
  let text: string;
  if (/^https?:\/\//.test(source)) {
    let response: Response;
    try {
      // Bounded: a reload waits for this, and so does an event naming a page deployed a moment ago.
      response = await fetch(source, { signal: AbortSignal.timeout(MANIFEST_FETCH_TIMEOUT_MS) });
    } catch (error) {
      throw new Error(`Could not fetch the manifest at ${source}: ${(error as Error).message}`);
    }
    if (!response.ok) throw new Error(`Could not fetch the manifest at ${source}: HTTP ${response.status}`);
    text = await response.text();
  } else {
    try {
      text = await readFile(source, 'utf8');
    } catch (error) {
      throw new Error(`Could not read the manifest file ${source}: ${(error as Error).message}`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(
      `The manifest at ${source} is not JSON; point --manifest at a built site's _sharecraft/manifest.json`,
    );
  }
  const parsed = parseManifest(json);
  if (!parsed.ok) throw new Error(`The manifest at ${source} is not a Sharecraft manifest: ${parsed.reason}`);
  return parsed.value;
}
