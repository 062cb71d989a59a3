/**
 * `--output DIR` never deletes what this project did not write (issue 18, item 1): every case runs
 * against temporary directories, the command-line ones as a user runs them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { isCloudAssembly, outputDirProblem, replaceWithFreshDirectory } from '../src/cli/output-dir';

const ROOT = resolve(__dirname, '..');
const ASSEMBLY_MANIFEST = JSON.stringify({ version: '48.0.0', artifacts: { Tree: { type: 'cdk:tree' } } });

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'output-dir-'));
}

/** A directory of the user's with a file in it. */
function userDir(parent: string, name = 'src'): string {
  const dir = join(parent, name);
  mkdirSync(join(dir, 'nested'), { recursive: true });
  writeFileSync(join(dir, 'keep.ts'), 'export {};\n');
  writeFileSync(join(dir, 'nested', 'keep.json'), '{}\n');
  return dir;
}

/** A previous cloud assembly, with a marker to see whether it was replaced. */
function previousAssembly(parent: string): string {
  const dir = join(parent, 'cdk.out');
  mkdirSync(dir);
  writeFileSync(join(dir, 'manifest.json'), ASSEMBLY_MANIFEST);
  writeFileSync(join(dir, 'previous.template.json'), '{}');
  return dir;
}

function synth(args: string[], cwd: string) {
  // tsx by path: the run happens in a scratch directory, where the package cannot be resolved by name.
  const tsx = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
  const r = spawnSync(process.execPath, ['--import', tsx, join(ROOT, 'bin/synth.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_lifecycle_event: '', npm_config_call: '' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('output directory: what may be replaced', () => {
  it('accepts an absent directory, an empty one and a cloud assembly', () => {
    const base = scratch();
    assert.equal(outputDirProblem(join(base, 'new', 'cdk.out'), base), undefined);
    mkdirSync(join(base, 'empty'));
    assert.equal(outputDirProblem('empty', base), undefined);
    previousAssembly(base);
    assert.ok(isCloudAssembly(join(base, 'cdk.out')));
    assert.equal(outputDirProblem('cdk.out', base), undefined);
  });

  const refused: Array<{ name: string; target: (base: string) => string; message: RegExp; cwd?: string }> = [
    { name: 'the working directory (--output .)', target: () => '.', message: /is the working directory/ },
    { name: 'a parent of the working directory', target: () => '..', message: /is a parent of the working directory/ },
    { name: 'the file system root', target: () => '/', message: /is a parent of the working directory/ },
    { name: 'the repository', target: () => ROOT, message: /is the eks-platform repository/ },
    // Asked from the file system root, so that the scratch directory (under the temporary directory, which may hold the clone) is not what refuses it.
    { name: 'a parent of the repository', target: () => resolve(ROOT, '..'), message: /a parent of the eks-platform repository/, cwd: '/' },
    { name: 'a directory of the user\'s', target: (b) => userDir(b), message: /not a cloud assembly/ },
    { name: 'a directory whose manifest.json is not an assembly\'s', target: (b) => { const d = userDir(b, 'site'); writeFileSync(join(d, 'manifest.json'), '{"name": "my-app"}'); return d; }, message: /not a cloud assembly/ },
    { name: 'a file', target: (b) => { writeFileSync(join(b, 'notes.txt'), 'mine'); return join(b, 'notes.txt'); }, message: /is a file, not a directory/ },
    { name: 'a symbolic link', target: (b) => { const d = previousAssembly(b); symlinkSync(d, join(b, 'link')); return join(b, 'link'); }, message: /symbolic link/ },
  ];
  for (const c of refused) {
    it(`refuses ${c.name}`, () => {
      const base = scratch();
      const cwd = join(base, 'work');
      mkdirSync(cwd);
      const problem = outputDirProblem(c.target(base), c.cwd ?? cwd);
      assert.ok(problem, 'expected a refusal');
      assert.match(problem, c.message);
    });
  }
});

describe('output directory: replacing only on success', () => {
  it('replaces a previous assembly when the new one is complete, leaving no temporary directory', () => {
    const base = scratch();
    previousAssembly(base);
    const result = replaceWithFreshDirectory('cdk.out', (fresh) => {
      writeFileSync(join(fresh, 'manifest.json'), ASSEMBLY_MANIFEST);
      writeFileSync(join(fresh, 'new.template.json'), '{}');
      return 'done';
    }, base);
    assert.equal(result, 'done');
    assert.deepEqual(readdirSync(join(base, 'cdk.out')).sort(), ['manifest.json', 'new.template.json']);
    assert.deepEqual(readdirSync(base), ['cdk.out']);
  });

  it('leaves the previous assembly intact when synthesis fails, and removes its own fresh directory', () => {
    const base = scratch();
    previousAssembly(base);
    assert.throws(
      () => replaceWithFreshDirectory('cdk.out', (fresh) => {
        writeFileSync(join(fresh, 'half.template.json'), '{');
        throw new Error('synth failed');
      }, base),
      /synth failed/,
    );
    assert.deepEqual(readdirSync(join(base, 'cdk.out')).sort(), ['manifest.json', 'previous.template.json']);
    assert.deepEqual(readdirSync(base), ['cdk.out']);
  });

  it('creates a missing parent and an absent target', () => {
    const base = scratch();
    replaceWithFreshDirectory('a/b/out', (fresh) => writeFileSync(join(fresh, 'manifest.json'), ASSEMBLY_MANIFEST), base);
    assert.ok(isCloudAssembly(join(base, 'a/b/out')));
    assert.deepEqual(readdirSync(join(base, 'a/b')), ['out']);
  });
});

describe('output directory: the main job as a user runs it', () => {
  it('validates the environment before touching the file system: an unknown environment leaves --output src whole', () => {
    const base = scratch();
    const src = userDir(base);
    const r = synth(['-c', 'env=nope', '--output', 'src'], base);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /unknown environment "nope"/);
    assert.equal(readFileSync(join(src, 'keep.ts'), 'utf8'), 'export {};\n');
    assert.ok(existsSync(join(src, 'nested', 'keep.json')));
  });

  const cases: Array<{ name: string; args: (base: string) => string[]; message: RegExp }> = [
    { name: '--output .', args: () => ['--output', '.'], message: /--output \. is the working directory/ },
    { name: '--output ..', args: () => ['--output', '..'], message: /is a parent of the working directory/ },
    { name: 'a directory of the user\'s', args: () => ['--output', 'src'], message: /--output src holds files that are not a cloud assembly/ },
    { name: 'a file', args: () => ['--output', 'src/keep.ts'], message: /is a file, not a directory/ },
  ];
  for (const c of cases) {
    it(`refuses ${c.name} with exit code 2, no stack trace, nothing deleted or written`, () => {
      const base = scratch();
      const cwd = join(base, 'work');
      mkdirSync(cwd);
      userDir(cwd);
      writeFileSync(join(base, 'sibling.txt'), 'mine');
      const before = [readdirSync(base).sort(), readdirSync(cwd).sort(), readdirSync(join(cwd, 'src')).sort()];
      const r = synth(c.args(base), cwd);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, c.message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.deepEqual([readdirSync(base).sort(), readdirSync(cwd).sort(), readdirSync(join(cwd, 'src')).sort()], before);
    });
  }
});

describe('npm run plan: a plan of a user file goes where the user asks', () => {
  function plan(args: string[], cwd: string) {
    const tsx = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
    return spawnSync(process.execPath, ['--import', tsx, join(ROOT, 'bin/plan.ts'), ...args], { cwd, encoding: 'utf8' });
  }

  it('prints the plan of an environment file without writing into docs/, and writes it only where --output says', () => {
    const base = scratch();
    const data = JSON.parse(readFileSync(join(ROOT, 'environments/dev.json'), 'utf8'));
    Object.assign(data, { name: 'qa', $schema: undefined });
    data.cluster.access.edit[0].namespaces = ['qa'];
    writeFileSync(join(base, 'qa.json'), JSON.stringify(data));
    const printed = plan(['-c', 'envFile=qa.json'], base);
    assert.equal(printed.status, 0, printed.stderr);
    assert.match(printed.stdout, /Chart plan of qa/);
    assert.match(printed.stdout, /written only where you ask: add -- --output/);
    assert.equal(existsSync(join(ROOT, 'docs/plan-qa.md')), false);
    assert.deepEqual(readdirSync(base), ['qa.json']);

    const written = plan(['-c', 'envFile=qa.json', '--output', 'qa-plan.md'], base);
    assert.equal(written.status, 0, written.stderr);
    assert.match(readFileSync(join(base, 'qa-plan.md'), 'utf8'), /^# Chart plan of qa/);
    assert.equal(plan(['-c', 'envFile=qa.json', '--output', 'qa-plan.md'], base).status, 0, 'its own plan may be rewritten');

    writeFileSync(join(base, 'notes.md'), 'mine');
    const refused = plan(['-c', 'envFile=qa.json', '--output', 'notes.md'], base);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /notes\.md exists and is not a chart plan/);
    assert.equal(readFileSync(join(base, 'notes.md'), 'utf8'), 'mine');
  });
});
