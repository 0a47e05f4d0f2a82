import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type RunningProcess, startDevServer } from './helpers/processes.js';

describe('astro dev', () => {
  let dev: RunningProcess;
  beforeAll(async () => {
    dev = await startDevServer('astro7-satteri-md', await freePort(), 'http://127.0.0.1:9/api/events');
  });
  afterAll(async () => {
    await dev?.stop();
  });

  it('shows the share block on a post while the owner writes, with working scripts', async () => {
    const html = await (await fetch(`${dev.url}/blog/second-post/`)).text();
    expect(html.match(/data-sharecraft-block=/g)?.length, html.slice(0, 3000)).toBe(1);
    const scripts = [...html.matchAll(/<script type="module" src="(\/_sharecraft\/[^"]+)"/g)].map((match) => match[1]);
    expect(scripts).toHaveLength(2);
    for (const script of scripts) {
      const response = await fetch(`${dev.url}${script}`);
      expect(response.status, script).toBe(200);
      expect(response.headers.get('content-type')).toContain('javascript');
      expect((await response.text()).length).toBeGreaterThan(100);
    }
  });

  it('leaves the index alone', async () => {
    const html = await (await fetch(`${dev.url}/`)).text();
    expect(html).not.toContain('data-sharecraft-block');
  });
});
