/** `createDeployHook` against a real HTTP receiver on loopback: what it calls, when, and how often. */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesPublished, createDeployHook, type DeployHookBody } from '../dist/index.js';

let server: Server;
let url: string;
const calls: DeployHookBody[] = [];
const answers: number[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      calls.push(JSON.parse(body) as DeployHookBody);
      response.statusCode = answers.shift() ?? 200;
      response.end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

async function until(check: () => boolean) {
  while (!check()) await new Promise((wake) => setTimeout(wake, 20));
}

const quiet = { info() {}, error() {} };

describe('changesPublished', () => {
  it('is true only when a creation enters or leaves approved', () => {
    expect(changesPublished('pending', 'approved')).toBe(true);
    expect(changesPublished('approved', 'rejected')).toBe(true);
    expect(changesPublished('approved', undefined)).toBe(true);
    expect(changesPublished('pending', 'rejected')).toBe(false);
    expect(changesPublished('pending', undefined)).toBe(false);
    expect(changesPublished('approved', 'approved')).toBe(false);
    expect(changesPublished('unread', 'spam')).toBe(false);
  });
});

describe('createDeployHook', () => {
  it('on close, makes the call still waiting for its delay, at once', async () => {
    calls.length = 0;
    // A delay no test waits for: only close() can make this call.
    const hook = createDeployHook({ url, log: quiet, delayMs: 3_600_000 });
    hook.changed('a');
    hook.changed('b');
    await hook.close();
    expect(calls.map((call) => call.ids)).toEqual([['a', 'b']]);
    hook.changed('c');
    expect(calls).toHaveLength(1);
  });

  it('lets a newer call replace the retries of an older one', async () => {
    calls.length = 0;
    answers.push(500);
    const errors: string[] = [];
    const hook = createDeployHook({
      url,
      log: { info() {}, error: (message) => errors.push(message) },
      delayMs: 0,
      // The retry would come after an hour: the newer call must not wait for it.
      retryDelaysMs: [3_600_000],
    });
    hook.changed('old');
    await until(() => errors.length === 1);
    expect(errors[0]).toMatch(/answered 500; retrying in 3600 s/);
    hook.changed('new');
    await until(() => calls.length === 2);
    await hook.close();
    expect(calls.map((call) => call.ids)).toEqual([['old'], ['new']]);
  });

  it('gives up after the last retry, saying so in the log', async () => {
    calls.length = 0;
    answers.push(502, 502);
    const errors: string[] = [];
    const hook = createDeployHook({
      url,
      log: { info() {}, error: (message) => errors.push(message) },
      delayMs: 0,
      retryDelaysMs: [10],
    });
    hook.changed('x');
    await until(() => errors.some((message) => message.includes('giving up')));
    expect(calls).toHaveLength(2);
    expect(errors.at(-1)).toBe('Deploy hook failed after 2 attempt(s), giving up: answered 502');
    await hook.close();
  });
});
