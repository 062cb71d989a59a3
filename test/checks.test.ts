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
import { complianceReport, totals } from '../src/compliance/report';
import { COMPLIANCE_FIXES } from '../src/compliance/fixes';
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

    it('synthesizes with no unacknowledged finding of any plugin', () => {
      assert.ok(result.ok);
      const plugins = report(outdir).pluginReports;
      // cdk-nag reports only when it has findings left; the failure tests prove it runs.
      assert.ok(plugins.some((p: any) => p.pluginName === 'CloudFormation Validate'));
      assert.ok(plugins.some((p: any) => p.pluginName === 'Control Tower'), 'the Control Tower controls ran (their acknowledged findings are reported)');
      for (const p of plugins) {
        assert.equal(p.conclusion, 'success', p.pluginName);
        assert.deepEqual(p.violations, [], p.pluginName);
      }
    });

    it('acknowledges only the two listed CloudFormation rules, each with a reason', () => {
      const acknowledged = new Set<string>();
      for (const p of report(outdir).pluginReports) {
        for (const v of p.suppressedViolations ?? []) {
          assert.ok(typeof v.reason === 'string' && v.reason.length > 40, `${v.acknowledgedId} has a reason`);
          if (p.pluginName === 'CloudFormation Validate') acknowledged.add(v.acknowledgedId);
        }
      }
      // cdk-nag acknowledgements are not written to this report (test/compliance.test.ts reads
      // them from the packs); the Control Tower ones are, each with its reason.
      assert.deepEqual([...acknowledged].sort(), ['CloudFormation-Validate::W3010', 'CloudFormation-Validate::W9009']);
    });

    it('keeps to at most 5 Lambda functions in the whole platform', () => {
      assert.ok(result.ok);
      // kubectl handler and provider, CfnJson (IRSA conditions) in the cluster stack and in the
      // application stack (condition keys name the issuer, known only at deploy time, and CfnJson
      // resolves them per stack), the default security group restriction.
      assert.ok(countMovingParts(result.assembly).lambdas <= 5);
    });

    // The compliance report of this synth (src/compliance/report.ts), as npm run compliance prints it.
    const compliance = () => {
      assert.ok(result.ok);
      const stacks = result.assembly.stacks.map((s) => s.stackName);
      return complianceReport(env, result.platform.checks, outdir, stacks);
    };
    const findingsOf = (pack: string, rule: string) => compliance().packs.find((p) => p.pack === pack)!.findings.find((r) => r.rule === rule);

    it('reports the four packs on every stack of the environment and of its account, nothing left open', () => {
      const report = compliance();
      assert.deepEqual(report.packs.map((p) => p.pack), ['AwsSolutions', 'NIST.800.53.R5', 'HIPAA.Security', 'Control Tower']);
      const account = env === 'dev' ? '111111111111' : '222222222222';
      for (const stack of [`aos-${env}-network`, `aos-${env}-data`, `aos-${env}-cluster`, `aos-${env}-charts`, `aos-${env}-application`, `aos-${account}-delivery`, `aos-${account}-eu-west-1-audit`]) {
        assert.ok(report.stacks.includes(stack), stack);
      }
      for (const pack of report.packs) {
        assert.equal(totals(pack).unaddressed, 0, pack.pack);
        assert.ok(pack.passing.length >= 20, `${pack.pack}: ${pack.passing.length} rules pass`);
        for (const rule of pack.findings) for (const a of rule.acknowledgements) assert.ok(a.reason.length > 60, `${rule.rule}: "${a.reason}"`);
      }
    });

    it('lists each fix, and no fixed rule has a finding left on the resources the fix covers', () => {
      const report = compliance();
      const paths = result.ok ? result.platform.network.node.root.node.findAll().map((c) => c.node.path) : [];
      for (const fix of COMPLIANCE_FIXES) {
        const covered = paths.filter((p) => fix.resources.test(p));
        if (!covered.length) continue; // the production file's fix (Redis snapshots) covers nothing in dev
        for (const pack of report.packs) {
          for (const rule of pack.findings.filter((r) => fix.rules.includes(r.rule) || fix.rules.some((f) => r.rule === f))) {
            const left = rule.acknowledgements.flatMap((a) => a.resources).filter((r) => fix.resources.test(`${r}/`));
            assert.deepEqual(left, [], `${rule.rule} still reports ${left.join(', ')}`);
          }
        }
        assert.ok(report.packs.some((p) => p.fixes.includes(fix)), fix.source);
      }
    });

    it('keeps inline policies only on aws-cdk-lib\'s kubectl provider roles', () => {
      for (const pack of ['NIST.800.53.R5', 'HIPAA.Security']) {
        const resources = findingsOf(pack, `${pack}-IAMNoInlinePolicy`)!.acknowledgements.flatMap((a) => a.resources);
        assert.deepEqual(resources, [`aos-${env}-cluster/Eks/Cluster/KubectlProvider/Handler/ServiceRole/DefaultPolicy`, `aos-${env}-cluster/Eks/Cluster/KubectlProvider/Provider/framework-onEvent/ServiceRole/DefaultPolicy`]);
      }
    });

    it('acknowledges the findings of the file\'s own choices only where the file made them', () => {
      const dev = env === 'dev';
      // No deletion protection, short log retention, one Redis node, short snapshots and backups: dev's choices.
      for (const [pack, rule] of [
        ['NIST.800.53.R5', 'NIST.800.53.R5-RDSInstanceDeletionProtectionEnabled'],
        ['HIPAA.Security', 'HIPAA.Security-ElastiCacheRedisClusterAutomaticBackup'],
        ['Control Tower', 'CT.RDS.PR.3'],
        ['Control Tower', 'CT.CLOUDWATCH.PR.2'],
        ['Control Tower', 'CT.ELASTICACHE.PR.3'],
        ['Control Tower', 'CT.DOCUMENTDB.PR.2'],
      ]) {
        assert.equal(findingsOf(pack, rule) !== undefined, dev, `${rule} in ${env}`);
        if (dev) assert.match(findingsOf(pack, rule)!.acknowledgements.map((a) => a.reason).join(' '), /dev's file/, rule);
      }
      // The trail's log files are locked only where some environment of the account retains data.
      const lock = findingsOf('Control Tower', 'CT.S3.PR.9')!.acknowledgements.flatMap((a) => a.resources);
      assert.equal(lock.some((r) => r.endsWith('-audit/Trail/Bucket')), dev);
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
