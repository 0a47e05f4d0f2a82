/**
 * The whole loop, as `npm run demo` runs it (the demo script itself, with its own ports, database
 * and build folder): a reader sends a creation from a post in Chromium (with JavaScript), the
 * owner approves it on /admin, the collector's deploy hook makes the demo rebuild the site from
 * the collector, and the creation appears in the post's "What readers made" gallery.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerEnvironment, REPO_ROOT } from '../helpers/build-fixture.js';
import { launchChromium } from '../helpers/chromium.js';
import { freePort } from '../helpers/processes.js';

const POST = '/blog/copper-kettle-care-guide/';
const TITLE = 'A kettle drawn in the loop';
const SHOTS = '/tmp/shots';

const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

describe('the demo loop: submit, approve, rebuild, shown on the post', () => {
  let demo: ChildProcess;
  let output = '';
  let work: string;
  let browser: Browser;
  let siteUrl: string;
  let collectorUrl: string;
  let adminToken: string;

  /** Resolves once the demo has printed something matching `pattern` (the test's timeout is the limit). */
  async function printed(pattern: RegExp): Promise<RegExpExecArray> {
    for (;;) {
      const match = pattern.exec(output);
      if (match) return match;
      if (demo.exitCode !== null) throw new Error(`the demo stopped (exit ${demo.exitCode}):\n${output}`);
      await sleep(200);
    }
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sharecraft-loop-'));
    await mkdir(SHOTS, { recursive: true });
    const [sitePort, collectorPort, hookPort] = [await freePort(), await freePort(), await freePort()];
    demo = spawn(process.execPath, [join(REPO_ROOT, 'scripts/demo.mjs')], {
      cwd: REPO_ROOT,
      env: ownerEnvironment({
        DEMO_SITE_PORT: String(sitePort),
        DEMO_COLLECTOR_PORT: String(collectorPort),
        DEMO_HOOK_PORT: String(hookPort),
        DEMO_DB: join(work, 'demo.db'),
        EXAMPLE_OUT_DIR: join(work, 'dist'),
        // A test fills the form faster than a person.
        SHARECRAFT_MIN_FILL: '0',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    demo.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    demo.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const running = await printed(/Moderation: (\S+)\/admin {2}\(sign in with (\S+)\)/);
    collectorUrl = running[1] as string;
    adminToken = running[2] as string;
    siteUrl = `http://localhost:${sitePort}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (demo && demo.exitCode === null) {
      const exited = new Promise((done) => demo.once('close', done));
      demo.kill('SIGINT');
      await exited;
    }
    if (work) await rm(work, { recursive: true, force: true });
  });

  async function openPost(): Promise<Page> {
    const page = await (await browser.newContext({ colorScheme: 'light' })).newPage();
    await page.goto(`${siteUrl}${POST}`);
    return page;
  }

  it('shows a creation on its post once the owner approves it', async () => {
    // The reader sends a creation from the post, with JavaScript.
    const reader = await openPost();
    const formScript = reader.waitForResponse((response) => /\/_sharecraft\/form\.[\w-]+\.js$/.test(response.url()));
    await reader.click('.sc-create summary');
    await formScript;
    await reader.getByLabel('Title', { exact: true }).fill(TITLE);
    await reader.getByLabel('Text', { exact: true }).fill('Sketched while the water boiled.');
    await reader.getByLabel('Name to credit', { exact: true }).fill('Loop Tester');
    await reader.getByLabel('I agree to its publication with my name').check();
    const sent = reader.waitForResponse(
      (response) => response.url().endsWith('/api/creations') && response.request().method() === 'POST',
    );
    await reader.getByRole('button', { name: 'Send' }).click();
    const answer = await sent;
    expect(answer.status(), await answer.text()).toBe(201);
    await reader.locator('#sc-thanks').waitFor({ state: 'visible' });
    // Pending: not on the post.
    expect(await (await fetch(`${siteUrl}${POST}`)).text()).not.toContain(TITLE);

    // The owner signs in to the moderation page and approves it.
    const owner = await (await browser.newContext()).newPage();
    await owner.goto(`${collectorUrl}/admin`);
    await owner.getByLabel('Admin token').fill(adminToken);
    await Promise.all([owner.waitForNavigation(), owner.getByRole('button', { name: 'Sign in' }).click()]);
    const article = owner.locator('article').filter({ has: owner.getByRole('heading', { name: TITLE }) });
    await Promise.all([
      owner.waitForURL(/done=approve/),
      article.getByRole('button', { name: 'Approve', exact: true }).click(),
    ]);

    // The hook rebuilds the site; the post shows the creation once the new build is served.
    await printed(/Rebuilding the site: a creation was approved…/);
    await printed(/Rebuilt in [\d.]+ s/);
    while (!(await (await fetch(`${siteUrl}${POST}`)).text()).includes(TITLE)) await sleep(500);
    // The rebuild read the collector, which the demo seeded with the site's sample creations: they stay.
    expect(await (await fetch(`${siteUrl}/blog/winter-spice-tea/`)).text()).toContain('The spices as a bar chart');

    const page = await openPost();
    const heading = page.getByRole('heading', { name: 'What readers made' });
    await heading.waitFor({ state: 'visible' });
    const gallery = page.locator('section, aside, div').filter({ has: heading }).last();
    expect(await gallery.getByText(TITLE).isVisible()).toBe(true);
    expect(await gallery.getByText('Loop Tester').isVisible()).toBe(true);
    await gallery.getByText(TITLE).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'loop-after.png') });
  });
});
