import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/build-fixture.js';

describe('the repository set-up', () => {
  it('checks engines against the Node it brings, the one every script runs on', async () => {
    const workspace = await readFile(join(REPO_ROOT, 'pnpm-workspace.yaml'), 'utf8');
    const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(/^nodeVersion: (.+)$/m.exec(workspace)?.[1]).toBe(pkg.devDependencies.node);
  });
});
