/**
 * The validation cache (src/compliance/validation-cache.ts) and the two plugins that use it: the
 * key covers every part, a hit replays the stored result, a corrupt entry is a miss, the cache can
 * be turned off, concurrent writers leave whole entries, the cache stays bounded; and on small apps,
 * a cached pass never hides a finding once the template changes, a cached failure still fails the
 * synth, and a new plugin version runs the real checks again.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { CachedCloudFormationValidate, mergeViolations } from '../src/compliance/cached-cloudformation-validate';
import { addComplianceChecks } from '../src/compliance/checks';
import { ControlTowerChecks } from '../src/compliance/control-tower';
import { guardBeside } from '../src/compliance/guard-worker';
import { cacheDirFromEnv, cacheDisabledByEnv, cacheKey, ValidationCache, withoutPath, withPath } from '../src/compliance/validation-cache';

const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `validation-cache-${name}-`));

describe('the cache key', () => {
  it('is the same for the same parts and differs when any part changes', () => {
    const parts = ['Control Tower', '0.0.62', 'rule text', 'x.template.json', '{"Resources":{}}'];
    assert.equal(cacheKey(parts), cacheKey([...parts]));
    assert.match(cacheKey(parts), /^[0-9a-f]{64}$/);
    for (let i = 0; i < parts.length; i++) {
      const changed = parts.map((p, j) => (j === i ? `${p} ` : p));
      assert.notEqual(cacheKey(changed), cacheKey(parts), `part ${i}`);
    }
  });
  it('does not let parts run into each other', () => {
    assert.notEqual(cacheKey(['ab', 'c']), cacheKey(['a', 'bc']));
    assert.notEqual(cacheKey(['a']), cacheKey(['a', '']));
  });
});

describe('the store', () => {
  it('misses, then replays what was stored', () => {
    const cache = new ValidationCache({ dir: tempDir('store'), enabled: true });
    const key = cacheKey(['k']);
    assert.equal(cache.get(key), undefined);
    cache.put(key, { violations: [{ ruleName: 'E3002', severity: 'error' }] });
    assert.deepEqual(cache.get(key), { violations: [{ ruleName: 'E3002', severity: 'error' }] });
    assert.deepEqual(cache.stats, { hits: 1, misses: 1, writes: 1 });
  });

  it('treats a corrupt, truncated or tampered entry as a miss and removes it', () => {
    const dir = tempDir('corrupt');
    const cache = new ValidationCache({ dir, enabled: true });
    const key = cacheKey(['k']);
    cache.put(key, ['finding']);
    const file = join(dir, `${key}.json`);
    const whole = readFileSync(file, 'utf8');
    for (const bad of ['not json', whole.slice(0, whole.length / 2), whole.replace('finding', 'findinG'), whole.replace(key, cacheKey(['other']))]) {
      writeFileSync(file, bad);
      assert.equal(cache.get(key), undefined, bad);
      assert.ok(!readdirSync(dir).includes(`${key}.json`));
    }
  });

  it('stores and replays nothing when off, and EKS_PLATFORM_VALIDATION_CACHE=off turns it off', () => {
    const dir = tempDir('off');
    const cache = new ValidationCache({ dir, enabled: false });
    cache.put(cacheKey(['k']), 1);
    assert.equal(cache.get(cacheKey(['k'])), undefined);
    assert.deepEqual(readdirSync(dir), []);
    for (const value of ['off', 'OFF', '0', 'false']) assert.equal(cacheDisabledByEnv({ EKS_PLATFORM_VALIDATION_CACHE: value }), true, value);
    for (const value of [undefined, '', 'on', '/tmp/cache']) assert.equal(cacheDisabledByEnv({ EKS_PLATFORM_VALIDATION_CACHE: value }), false, String(value));
    assert.equal(cacheDirFromEnv({ EKS_PLATFORM_VALIDATION_CACHE: '/tmp/cache' }), '/tmp/cache');
    assert.equal(cacheDirFromEnv({ EKS_PLATFORM_VALIDATION_CACHE: 'relative/dir' }), undefined);
  });

  it('evicts the least recently used entries beyond its bound', () => {
    const dir = tempDir('evict');
    const cache = new ValidationCache({ dir, enabled: true, maxEntries: 3 });
    const keys = ['a', 'b', 'c'].map((k) => cacheKey([k]));
    keys.forEach((k, i) => {
      cache.put(k, i);
      utimesSync(join(dir, `${k}.json`), new Date(2026, 0, 1 + i), new Date(2026, 0, 1 + i));
    });
    cache.get(keys[0]); // used last: kept
    cache.put(cacheKey(['d']), 3);
    assert.deepEqual(readdirSync(dir).sort(), [keys[0], keys[2], cacheKey(['d'])].map((k) => `${k}.json`).sort());
  });

  it('leaves whole entries when processes write the same keys at once', () => {
    const dir = tempDir('concurrent');
    const script = `
      const { ValidationCache, cacheKey } = require(${JSON.stringify(resolve(__dirname, '../src/compliance/validation-cache.ts'))});
      const cache = new ValidationCache({ dir: ${JSON.stringify(dir)}, enabled: true });
      const big = 'x'.repeat(200000);
      for (let i = 0; i < 40; i++) cache.put(cacheKey([String(i % 5)]), { writer: process.pid, big });`;
    const writers = Array.from({ length: 4 }, () => `node --import tsx -e '${script.replace(/'/g, "'\\''")}' &`).join('\n');
    const r = spawnSync('sh', ['-c', `${writers}\nwait`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const reader = new ValidationCache({ dir, enabled: true });
    for (let i = 0; i < 5; i++) assert.equal(reader.get<{ big: string }>(cacheKey([String(i)]))?.big.length, 200000);
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  });

  it('stores a result without the template path and replays it with the new one', () => {
    const stored = withoutPath([{ templatePath: '/tmp/a/x.template.json', locations: ['/tmp/a/x.template.json: Resources'] }], '/tmp/a/x.template.json');
    assert.ok(!stored.includes('/tmp/a'));
    assert.deepEqual(withPath(stored, '/tmp/b/x.template.json'), [{ templatePath: '/tmp/b/x.template.json', locations: ['/tmp/b/x.template.json: Resources'] }]);
  });
});

describe('merging per-template results', () => {
  it('merges as the plugin does across templates: one violation per rule, severity and message', () => {
    const v = (rule: string, template: string, id: string) => ({ ruleName: rule, description: `d-${rule}`, severity: 'error', violatingResources: [{ templatePath: template, resourceLogicalId: id, locations: [] }] });
    const merged = mergeViolations([[v('A', 't1', 'a'), v('B', 't1', 'b')], [v('C', 't2', 'c'), v('A', 't2', 'd')]]);
    assert.deepEqual(merged.map((m) => [m.ruleName, m.violatingResources.map((r) => r.resourceLogicalId)]), [['A', ['a', 'd']], ['B', ['b']], ['C', ['c']]]);
  });
});

/** A queue that passes Control Tower's two SQS controls unless told otherwise. */
function queueApp(options: { encrypted?: boolean; bogus?: boolean } = {}) {
  const outdir = tempDir('app');
  // The feature flag makes CloudFormation validation errors fail the synth, as cdk.json does.
  const app = new App({ outdir, builtinCloudFormationValidation: false, context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  const stack = new Stack(app, 'probe', { env: { account: '111111111111', region: 'eu-west-1' } });
  const queue = new sqs.CfnQueue(stack, 'Queue', {
    sqsManagedSseEnabled: options.encrypted ?? true,
    redrivePolicy: { deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:111111111111:dead-letters', maxReceiveCount: 3 },
  });
  if (options.bogus) queue.addPropertyOverride('MessageRetentionPeriod', 'forever');
  return { app, outdir };
}

function synth(app: App, outdir: string) {
  const error = console.error;
  console.error = () => undefined;
  let failed = false;
  try {
    app.synth();
  } catch (e) {
    if (!/Validation failed/.test((e as Error).message)) throw e;
    failed = true;
  } finally {
    console.error = error;
  }
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
  const rules = (plugin: string): string[] => (report.pluginReports.find((p: any) => p.pluginName === plugin)?.violations ?? []).map((v: any) => v.ruleName);
  // The report as a user sees it, without the directory it was written to and the call sites of this file.
  const text = JSON.stringify(report.pluginReports, (k, v) => (k === 'stackTraces' ? undefined : v)).split(outdir).join('<out>');
  return { failed, rules, text };
}

describe('Control Tower with the cache', () => {
  const cache = new ValidationCache({ dir: tempDir('ct'), enabled: true });
  const run = (options: { encrypted?: boolean }, checks = new ControlTowerChecks(cache)) => {
    const { app, outdir } = queueApp(options);
    Validations.of(app).addPlugins(checks);
    return synth(app, outdir);
  };

  it('a cached pass does not hide the finding of a changed template, and a cached failure still fails', () => {
    const pass = run({});
    assert.equal(pass.failed, false);
    assert.equal(cache.stats.writes, 1);
    const again = run({});
    assert.equal(again.failed, false);
    assert.equal(cache.stats.hits, 1);

    const fresh = run({ encrypted: false });
    assert.equal(cache.stats.writes, 2, 'the changed template ran cfn-guard');
    assert.equal(fresh.failed, true);
    assert.deepEqual(fresh.rules('Control Tower'), ['CT.SQS.PR.2']);

    const replayed = run({ encrypted: false });
    assert.equal(cache.stats.hits, 2);
    assert.equal(replayed.failed, true);
    assert.equal(replayed.text, fresh.text, 'the replayed report is the fresh one');

    const uncached = run({ encrypted: false }, new ControlTowerChecks(new ValidationCache({ enabled: false })));
    assert.equal(uncached.text, fresh.text, 'the report without the cache is the same');
  });

  it('runs cfn-guard in a worker beside other work with the same report, and reports its failure', () => {
    const checks = new ControlTowerChecks(new ValidationCache({ enabled: false }));
    let calls = 0;
    checks.whileGuardRuns = () => void calls++;
    const beside = run({ encrypted: false }, checks);
    assert.equal(calls, 1);
    assert.equal(beside.text, run({ encrypted: false }, new ControlTowerChecks(new ValidationCache({ enabled: false }))).text);

    let during = false;
    const outcomes = guardBeside([{ templatePath: join(tempDir('missing'), 'absent.template.json'), disabledRules: [] }], () => (during = true));
    assert.equal(during, true);
    assert.equal(outcomes?.length, 1);
    assert.ok(outcomes && 'error' in outcomes[0], 'a template cfn-guard cannot read is an error, not a pass');
  });

  it('another version of the package runs cfn-guard again', () => {
    class Next extends ControlTowerChecks {
      override readonly version = '0.0.63-next';
    }
    const writes = cache.stats.writes;
    run({ encrypted: false }, new Next(cache));
    assert.equal(cache.stats.writes, writes + 1);
  });
});

describe('the checks of an app', () => {
  const plugins = (app: App) => (app as unknown as { _validationPlugins: unknown[] })._validationPlugins;
  it('register the cached CloudFormation validation where the app has it on, prepared while cfn-guard runs', () => {
    const app = new App({ outdir: tempDir('on') });
    const { controlTower } = addComplianceChecks(app);
    assert.equal(plugins(app).filter((p) => p instanceof CachedCloudFormationValidate).length, 1);
    assert.equal(typeof controlTower?.whileGuardRuns, 'function');
  });
  it('and not where it is off', () => {
    const app = new App({ outdir: tempDir('off'), builtinCloudFormationValidation: false });
    const { controlTower } = addComplianceChecks(app);
    assert.equal(plugins(app).filter((p) => p instanceof CachedCloudFormationValidate).length, 0);
    assert.equal(controlTower?.whileGuardRuns, undefined);
  });
});

describe('CloudFormation validation with the cache', () => {
  const cache = new ValidationCache({ dir: tempDir('cfn'), enabled: true });
  const plugin = new CachedCloudFormationValidate(cache); // one engine for the file, as one per process
  const run = (options: { bogus?: boolean }) => {
    const { app, outdir } = queueApp(options);
    Validations.of(app).addPlugins(plugin);
    return synth(app, outdir);
  };

  it('replays a pass, runs a changed template and replays its failure exactly', () => {
    assert.equal(run({}).failed, false);
    assert.equal(run({}).failed, false);
    assert.deepEqual({ hits: cache.stats.hits, writes: cache.stats.writes }, { hits: 1, writes: 1 });

    const fresh = run({ bogus: true });
    assert.equal(cache.stats.writes, 2, 'the changed template ran the validator');
    assert.equal(fresh.failed, true);
    assert.ok(fresh.rules('CloudFormation Validate').length > 0);

    const replayed = run({ bogus: true });
    assert.equal(cache.stats.hits, 2);
    assert.equal(replayed.failed, true);
    assert.equal(replayed.text, fresh.text);
  });

  it('prepared while cfn-guard runs, reports what it would have reported itself', () => {
    const cache = new ValidationCache({ dir: tempDir('prepared'), enabled: true });
    const alone = new CachedCloudFormationValidate(cache);
    const { app, outdir } = queueApp({ bogus: true, encrypted: false });
    const checks = new ControlTowerChecks(new ValidationCache({ enabled: false }));
    let prepared = 0;
    checks.whileGuardRuns = (context) => {
      prepared++;
      alone.prepare(context);
    };
    Validations.of(app).addPlugins(checks, alone);
    const beside = synth(app, outdir);
    assert.equal(prepared, 1);
    assert.deepEqual(cache.stats, { hits: 0, misses: 1, writes: 1 }, 'validate used what prepare computed');
    assert.equal(beside.failed, true);
    const { app: app2, outdir: outdir2 } = queueApp({ bogus: true, encrypted: false });
    Validations.of(app2).addPlugins(new ControlTowerChecks(new ValidationCache({ enabled: false })), alone);
    assert.equal(beside.text, synth(app2, outdir2).text);
    assert.deepEqual(beside.rules('Control Tower'), ['CT.SQS.PR.2']);
    assert.ok(beside.rules('CloudFormation Validate').length > 0);
  });
});
