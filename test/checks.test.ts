/**
 * The checks every synth runs: CloudFormation schema validation built into aws-cdk-lib and
 * cdk-nag's AwsSolutions pack. These synthesize with validation on, as the main job does.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { MANAGED_POLICY_REASONS } from '../src/checks/nag-acknowledgements';
import { countMovingParts } from '../src/report/assembly';
import { buildApp, synthesize } from '../src/synth';
import { loadEnvironment } from '../src/config/load';

function quietly<T>(fn: () => T): T {
  // Validation reports are printed to the console; keep test output readable.
  const log = console.log;
  const error = console.error;
  console.log = console.error = () => undefined;
  try {
    return fn();
  } finally {
    console.log = log;
    console.error = error;
  }
}

function report(outdir: string): any {
  return JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
}

for (const env of ['dev', 'prod']) {
  describe(`${env} with CloudFormation validation and cdk-nag`, () => {
    const outdir = mkdtempSync(join(tmpdir(), `checks-${env}-`));
    // dev with a version (the application release and its chart asset are checked too), prod without.
    const result = quietly(() => synthesize({ env, appVersion: env === 'dev' ? '1.4.2' : undefined }, { outdir, validation: true }));

    it('synthesizes with no unacknowledged finding of either plugin', () => {
      assert.ok(result.ok);
      const plugins = report(outdir).pluginReports;
      // cdk-nag reports only when it has findings left; the failure test below proves it runs.
      assert.ok(plugins.some((p: any) => p.pluginName === 'CloudFormation Validate'));
      for (const p of plugins) {
        assert.equal(p.conclusion, 'success', p.pluginName);
        assert.deepEqual(p.violations, [], p.pluginName);
      }
    });

    it('acknowledges only the two listed CloudFormation rules, each with a reason', () => {
      const acknowledged = new Set<string>();
      for (const p of report(outdir).pluginReports) {
        for (const v of p.suppressedViolations ?? []) {
          acknowledged.add(v.acknowledgedId);
          assert.ok(typeof v.reason === 'string' && v.reason.length > 40, `${v.acknowledgedId} has a reason`);
        }
      }
      // cdk-nag acknowledgements are not written to this report; see the tests below for them.
      assert.deepEqual([...acknowledged].sort(), ['CloudFormation-Validate::W3010', 'CloudFormation-Validate::W9009']);
    });

    it('keeps to at most 5 Lambda functions in the whole platform', () => {
      assert.ok(result.ok);
      // kubectl handler and provider, CfnJson (IRSA conditions) in the cluster stack and in the
      // application stack (condition keys name the issuer, known only at deploy time, and CfnJson
      // resolves them per stack), the default security group restriction.
      assert.ok(countMovingParts(result.assembly).lambdas <= 5);
    });
  });
}

describe('cdk-nag guards the IAM policies', () => {
  it('fails the synth when a managed policy has no written reason', () => {
    const saved = MANAGED_POLICY_REASONS.AmazonSSMManagedInstanceCore;
    delete (MANAGED_POLICY_REASONS as Record<string, string>).AmazonSSMManagedInstanceCore;
    const outdir = mkdtempSync(join(tmpdir(), 'checks-fail-'));
    try {
      assert.throws(
        () => quietly(() => synthesize({ env: 'dev' }, { outdir, validation: false })),
        /Validation failed/,
      );
      const nag = report(outdir).pluginReports.find((p: any) => p.pluginName === 'AwsSolutions');
      const rules = nag.violations.map((v: any) => v.ruleName);
      assert.ok(rules.some((r: string) => r.includes('IAM4') && r.includes('AmazonSSMManagedInstanceCore')), rules.join(', '));
    } finally {
      (MANAGED_POLICY_REASONS as Record<string, string>).AmazonSSMManagedInstanceCore = saved;
    }
  });

  it('has a reason of substance for every managed policy the platform can attach', () => {
    for (const [policy, reason] of Object.entries(MANAGED_POLICY_REASONS)) {
      assert.ok(reason.length > 60, `${policy}: ${reason}`);
      assert.match(reason, /SPEC|environment/, `${policy} cites why it is needed`);
    }
  });
});

describe('the app is built with the CLI context', () => {
  it('carries every feature flag of cdk.json', () => {
    const loaded = loadEnvironment({ env: 'dev' });
    assert.ok(loaded.ok);
    const { app } = buildApp(loaded.model, { validation: false });
    const flags = JSON.parse(readFileSync(resolve(__dirname, '../cdk.json'), 'utf8')).context as Record<string, unknown>;
    assert.ok(Object.keys(flags).length > 50);
    for (const [flag, value] of Object.entries(flags)) assert.deepEqual(app.node.tryGetContext(flag), value, flag);
  });

  it('commits the availability zones of the shipped environments to cdk.context.json, matching the files', () => {
    const context = JSON.parse(readFileSync(resolve(__dirname, '../cdk.context.json'), 'utf8'));
    for (const env of ['dev', 'prod']) {
      const loaded = loadEnvironment({ env });
      assert.ok(loaded.ok);
      const key = `availability-zones:account=${loaded.model.account}:region=${loaded.model.region}`;
      assert.ok(context[key], key);
      for (const az of loaded.model.availabilityZones) assert.ok(context[key].includes(az), `${az} in ${key}`);
    }
  });
});
