/**
 * The policy checks of every synth on a small app: a deliberately non-compliant resource fails the
 * synth in each pack (AwsSolutions, NIST 800-53 R5, HIPAA Security, Control Tower), an
 * acknowledgement covers only its own resource and rule, and the Control Tower plugin fails
 * closed; then the same new resource in the dev and prod platforms. The platform's own findings and
 * report are checked in checks.test.ts (its synths).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { addComplianceChecks, NAG_PACKS } from '../src/compliance/checks';
import { CONTROL_TOWER_PLUGIN, controlTowerControls } from '../src/compliance/control-tower';
import { complianceReport } from '../src/compliance/report';
import { acknowledge, controlTower, nistHipaa } from '../src/checks/acknowledge';
import { loadEnvironment } from '../src/config/load';
import { buildApp } from '../src/synth';

function quietly<T>(fn: () => T): T {
  const error = console.error;
  console.error = () => undefined;
  try {
    return fn();
  } finally {
    console.error = error;
  }
}

/** Synthesize, failing or not: the error, if any, and the validation report aws-cdk-lib wrote. */
function synthesizeAndReport(app: App, outdir: string): { error?: Error; report: any } {
  let error: Error | undefined;
  try {
    quietly(() => app.synth());
  } catch (e) {
    error = e as Error;
  }
  return { error, report: JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) };
}

/** A one-stack app with the platform's checks and what `build` puts in it; synthesized, failing or not. */
function synthesize(build: (stack: Stack) => void) {
  const outdir = mkdtempSync(join(tmpdir(), 'compliance-app-'));
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'probe', { env: { account: '111111111111', region: 'eu-west-1' } });
  build(stack);
  const checks = addComplianceChecks(app);
  const { error, report } = synthesizeAndReport(app, outdir);
  const violations = (plugin: string): string[] =>
    (report.pluginReports.find((p: any) => p.pluginName === plugin)?.violations ?? []).flatMap((v: any) => v.violatingConstructs.map((c: any) => `${v.ruleName} ${c.constructPath}`));
  return { error, report, violations, checks, outdir };
}

/** An S3 bucket with nothing set: no encryption choice, versioning, logging or TLS policy. */
const openBucket = (stack: Stack, id = 'Open') => new s3.CfnBucket(stack, id);

describe('a new finding fails the synth, in every pack', () => {
  const { error, violations } = synthesize((stack) => openBucket(stack));

  it('fails with the validation error', () => {
    assert.match(error?.message ?? '', /Validation failed/);
  });

  for (const pack of [...NAG_PACKS, CONTROL_TOWER_PLUGIN]) {
    it(`${pack} reports the bucket`, () => {
      const found = violations(pack);
      assert.ok(found.some((v) => v.endsWith('probe/Open')), `${pack}: ${found.join(', ')}`);
    });
  }

  it('names the control, not the Guard rule, and reports every Control Tower finding as an error', () => {
    const found = violations(CONTROL_TOWER_PLUGIN);
    for (const id of ['CT.S3.PR.1', 'CT.S3.PR.2', 'CT.S3.PR.10', 'CT.S3.PR.11']) assert.ok(found.includes(`${id} probe/Open`), id);
  });
});

describe('acknowledgements', () => {
  it('cover only their own rule and resource', () => {
    const { error, violations } = synthesize((stack) => {
      const a = openBucket(stack, 'A');
      openBucket(stack, 'B');
      acknowledge(a, [...nistHipaa('S3BucketReplicationEnabled'), controlTower('CT.S3.PR.2')], 'A probe of the acknowledgement mechanism: this reason names the rule and the resource it covers.');
    });
    assert.match(error?.message ?? '', /Validation failed/);
    assert.ok(!violations('NIST.800.53.R5').includes('NIST.800.53.R5-S3BucketReplicationEnabled probe/A'));
    assert.ok(violations('NIST.800.53.R5').includes('NIST.800.53.R5-S3BucketReplicationEnabled probe/B'), 'the other bucket still fails');
    assert.ok(violations('HIPAA.Security').includes('HIPAA.Security-S3BucketReplicationEnabled probe/B'));
    assert.ok(!violations(CONTROL_TOWER_PLUGIN).includes('CT.S3.PR.2 probe/A'));
    assert.ok(violations(CONTROL_TOWER_PLUGIN).includes('CT.S3.PR.2 probe/B'));
    assert.ok(violations(CONTROL_TOWER_PLUGIN).includes('CT.S3.PR.1 probe/A'), 'another control on the same bucket still fails');
  });

  it('one acknowledged Control Tower finding does not let the others pass (the plugin fails closed)', () => {
    // aws-cdk-lib recomputes a report's success from the severities once it suppressed anything:
    // without a severity, the remaining findings would no longer fail the synth.
    const { error, report } = synthesize((stack) => {
      const bucket = new s3.Bucket(stack, 'Logged', { enforceSSL: true, versioned: true, encryption: s3.BucketEncryption.S3_MANAGED, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
      acknowledge(bucket, [controlTower('CT.S3.PR.2')], 'A probe: access logging acknowledged, the other controls of the bucket left to fail the synth.');
    });
    const ct = report.pluginReports.find((p: any) => p.pluginName === CONTROL_TOWER_PLUGIN);
    assert.ok(ct.suppressedViolations.some((v: any) => v.ruleName === 'CT.S3.PR.2'));
    assert.ok(ct.violations.length > 0);
    assert.equal(ct.conclusion, 'failure');
    assert.match(error?.message ?? '', /Validation failed/);
  });

  it('an acknowledged finding becomes a line of the report with its reason', () => {
    const reason = 'A probe: the report reads this reason from the construct metadata cdk-nag consulted.';
    const { checks, outdir } = synthesize((stack) => acknowledge(openBucket(stack), nistHipaa('S3BucketReplicationEnabled'), reason));
    const report = complianceReport('probe', checks, outdir, ['probe']);
    const nist = report.packs.find((p) => p.pack === 'NIST.800.53.R5')!;
    const rule = nist.findings.find((r) => r.rule === 'NIST.800.53.R5-S3BucketReplicationEnabled')!;
    assert.deepEqual(rule.acknowledgements, [{ ids: ['NIST.800.53.R5-S3BucketReplicationEnabled'], reason, resources: ['probe/Open'], count: 1 }]);
    assert.ok(nist.findings.some((r) => r.unaddressed.some((u) => u.startsWith('NIST.800.53.R5-S3BucketVersioningEnabled'))), 'the rest stays unaddressed');
    assert.ok(nist.notApplicable.includes('NIST.800.53.R5-LambdaDLQ'), 'rules with nothing to check are listed as such');
  });
});

describe('the Control Tower controls', () => {
  it('are the bundle\'s 237, each with its resource types, run only on templates that hold one of them', () => {
    const controls = controlTowerControls();
    assert.equal(controls.length, 237);
    for (const c of controls) {
      assert.match(c.id, /^CT\.[A-Z0-9-]+\.PR\.\d+$/);
      assert.ok(c.resourceTypes.length > 0 && c.resourceTypes.every((t) => /^AWS::/.test(t)), c.id);
    }
    const { checks } = synthesize((stack) => openBucket(stack));
    const ran = [...checks.controlTower!.run.evaluated.keys()];
    assert.ok(ran.length > 0 && ran.every((id) => controls.find((c) => c.id === id)!.resourceTypes.includes('AWS::S3::Bucket')), ran.join(', '));
  });
});

/**
 * The same on the shipped platforms: a non-compliant bucket added to the data stack of dev and of
 * prod fails the synth, and what fails is that bucket alone, in every pack. The platform's
 * acknowledgements (one id and one resource each) leave a newcomer's findings open.
 */
for (const env of ['dev', 'prod']) {
  describe(`${env}: a new non-compliant resource fails the platform's synth`, () => {
    const outdir = mkdtempSync(join(tmpdir(), `compliance-${env}-`));
    const loaded = loadEnvironment({ env });
    if (!loaded.ok) throw new Error(`${env} is invalid`);
    // CloudFormation validation off (the small app above and checks.test.ts run it): the four packs are what this proves.
    const { app, platform } = buildApp(loaded.model, { outdir, validation: false, controlTower: true });
    openBucket(platform.data, 'ProbeOpenBucket');
    const { error, report } = synthesizeAndReport(app, outdir);

    it('fails with the validation error', () => {
      assert.match(error?.message ?? '', /Validation failed/);
    });

    for (const pack of [...NAG_PACKS, CONTROL_TOWER_PLUGIN]) {
      it(`${pack}: every finding left open is the new bucket's`, () => {
        const plugin = report.pluginReports.find((p: any) => p.pluginName === pack);
        assert.ok(plugin, `${pack} reported nothing`);
        const paths = plugin.violations.flatMap((v: any) => v.violatingConstructs.map((c: any) => c.constructPath));
        assert.ok(paths.length > 0, `${pack} found nothing on the new bucket`);
        assert.deepEqual([...new Set(paths)], [`${platform.data.stackName}/ProbeOpenBucket`], pack);
      });
    }
  });
}
