import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCardRenderer } from '../src/index.js';
import { decodePng, tempDir } from './helpers.js';

const dir = tempDir();
const template = join(dir, 'template.mjs');
const post = { id: 'p', title: 'A card', description: 'd' };

/** A template that fills the card with one colour. */
function fill(colour: string): void {
  writeFileSync(
    template,
    `export default () => ({ type: 'div', props: { style: { display: 'flex', width: '100%', height: '100%', backgroundColor: '${colour}' } } });\n`,
  );
}

/** The colour of the card's top-left pixel, as `r,g,b`. */
function corner(png: Uint8Array): string {
  const { data } = decodePng(png);
  return `${data[0]},${data[1]},${data[2]}`;
}

describe('the on-demand renderer (astro dev)', { timeout: 120_000 }, () => {
  it('draws with the edited template for every request after the edit, also those that arrive together', async () => {
    fill('#ff0000');
    const renderer = await createCardRenderer({ root: dir, template: './template.mjs' });
    expect(corner((await renderer.png(post)).png)).toBe('255,0,0');

    // The preview page reloads and asks for several cards at once: none may get the old drawing.
    fill('#0000ff');
    const together = await Promise.all([renderer.png(post), renderer.png(post), renderer.preview(post)]);
    expect(together.map((result) => corner(result.png))).toEqual(['0,0,255', '0,0,255', '0,0,255']);
    await renderer.close();
  });
});
