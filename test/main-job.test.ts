/** The README's main job and the CDK app, run as a user runs them. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { environmentData } from './support/platform';

const ROOT = resolve(__dirname, '..');

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('main job (npm start)', () => {
  it('synthesizes the default environment and prints what it built', () => {
    // A previous assembly in the output directory is replaced, as a whole, once the synth succeeds.
    const out = join(mkdtempSync(join(tmpdir(), 'main-')), 'cdk.out');
    mkdirSync(out);
    writeFileSync(join(out, 'manifest.json'), JSON.stringify({ version: '48.0.0', artifacts: {} }));
    writeFileSync(join(out, 'old-stack.template.json'), '{}');
    const r = run('bin/synth.ts', ['--output', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(existsSync(join(out, 'old-stack.template.json')), false, 'the previous assembly was replaced');
    assert.deepEqual(readdirSync(dirname(out)), ['cdk.out'], 'no temporary directory left beside it');
    for (const expected of [
      /environment dev/,
      /CloudFormation validation on; passed cdk-nag AwsSolutions, NIST 800-53 R5 and HIPAA Security and the Control Tower controls/,
      /\d\. aos-dev-network\s+\d+ resources/,
      // The account's audit stack of the region, deployed apart (it depends on nothing).
      /\d\. aos-111111111111-eu-west-1-audit\s+\d+ resources\n/,
      // Data and cluster need only the network: they deploy side by side.
      /\d\. aos-dev-data\s+\d+ resources\s+after aos-dev-network\n/,
      /\d\. aos-dev-cluster\s+\d+ resources\s+after aos-dev-network\n/,
      // The charts read nothing of the data stack; the application without a version reads nothing of the charts.
      /\d\. aos-dev-charts\s+\d+ resources\s+after aos-dev-cluster, aos-dev-network\n/,
      /\d\. aos-dev-application\s+\d+ resources\s+after aos-dev-data, aos-dev-cluster\n/,
      /Application: not deployed yet/,
      /Modelled deploy: \d+\.\d min \((within|over) the 30-minute target[^)]*\); critical path network \d+\.\d -> /,
      /Removal policy: destroy \(the environment file says so\)/,
      /Aurora PostgreSQL\s+17\.6, 1 x db\.t4g\.medium\s+backups 1 d, no deletion protection, on delete delete/,
      /EFS\s+aos-dev-shared, elastic throughput\s+access point \/influxdb2 \(uid\/gid 1000\/1000, 775\)/,
      /StorageClasses: gp3 \(default\), io2, efs; reclaim Delete/,
      /aos-dev: Kubernetes 1\.35, API endpoint private only/,
      /aos-dev-bottlerocket: BOTTLEROCKET_x86_64, t3a\.2xlarge ON_DEMAND, min 3 \/ desired 3 \/ max 10/,
      /vpc-cni\s+v1\.22\.1-eksbuild\.2\s+before nodes\s+role aos-dev-vpc-cni-controller/,
      /aws-efs-csi-driver\s+v3\.2\.0-eksbuild\.1\s+after nodes/,
    ]) {
      assert.match(r.stdout, expected);
    }
    assert.ok(existsSync(join(out, 'aos-dev-cluster.template.json')));
  });

  it('lists every problem of a bad environment file, exits 1 and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'main-bad-'));
    const data = environmentData('dev');
    data.nodeGroup.instanceTypes = ['t4g.xlarge'];
    data.nodeGroup.amiType = 'BOTTLEROCKET_x86_64';
    data.nodeGroup.minSize = 12;
    data.cluster.servicesCidr = '10.10.0.0/16';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(data));
    const out = join(dir, 'cdk.out');
    const r = run('bin/synth.ts', ['-c', `envFile=${join(dir, 'bad.json')}`, '--output', out]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /is invalid \(4 problems\)/);
    assert.match(r.stderr, /- nodeGroup\.amiType: BOTTLEROCKET_x86_64 cannot boot arm64/);
    assert.match(r.stderr, /- nodeGroup\.minSize: minSize 12 is greater than maxSize 10/);
    assert.match(r.stderr, /- cluster\.servicesCidr: 10\.10\.0\.0\/16 overlaps the VPC/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(existsSync(out), false, 'no half-written assembly');
  });

  it('names the known environments for an unknown one', () => {
    const r = run('bin/synth.ts', ['-c', 'env=staging', '--output', join(mkdtempSync(join(tmpdir(), 'main-')), 'o')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /unknown environment "staging"; known environments: dev, prod/);
  });

  it('rejects a context argument without a value', () => {
    const r = run('bin/synth.ts', ['-c', 'env']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /expected -c key=value, got "env"/);
  });

  it('says how to write the arguments that npm kept for itself (npm start -c env=prod, without --)', () => {
    const r = spawnSync('npm', ['start', '--silent', '-c', 'env=prod'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, npm_config_call: undefined } });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /npm read "-c env=prod" as its own --call option.*npm start -- -c env=prod/);
    assert.doesNotMatch(r.stdout, /Synthesized/);
  });

  it('rejects an argument it does not know', () => {
    const r = run('bin/synth.ts', ['--env', 'prod']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown argument "--env"/);
  });
});

describe('CDK app (cdk synth)', () => {
  it('refuses a bad environment before building any stack', () => {
    const out = mkdtempSync(join(tmpdir(), 'app-'));
    const r = run('bin/app.ts', [], { CDK_CONTEXT_JSON: JSON.stringify({ env: 'nope' }), CDK_OUTDIR: out });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /unknown environment "nope"/);
    assert.equal(existsSync(join(out, 'manifest.json')), false);
  });
});
