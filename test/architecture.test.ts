/**
 * The layout's rule that a reviewer cannot see in a diff: no module imports itself back through
 * others (a cycle makes load order decide what a module sees at import time). madge reads the
 * TypeScript imports, type-only ones included, so a type cycle is caught before it turns into a
 * value cycle.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const madge = require('madge') as (path: string[], config: object) => Promise<{ circular(): string[][] }>;

const root = resolve(__dirname, '..');

test('src and bin have no import cycles', async () => {
  const graph = await madge([resolve(root, 'src'), resolve(root, 'bin')], {
    fileExtensions: ['ts'],
    tsConfig: resolve(root, 'tsconfig.json'),
    baseDir: root,
  });
  assert.deepEqual(graph.circular(), [], 'import cycles (break each by moving the shared type or value to a module both can import)');
});
