/**
 * The GitHub Actions workflows: each validated by @action-validator/cli (GitHub's workflow and
 * action schemas, offline), then what a schema cannot say: pinned actions, no static keys,
 * id-token only where a role is assumed, deploys through GitHub environments in waves, and the
 * README's commands.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { loadFleet } from '../src/delivery/fleet';
import { DELIVERY_WAVES } from '../src/delivery/schema';

const ROOT = resolve(__dirname, '..');
const WORKFLOWS = join(ROOT, '.github/workflows');
const ACTIONS = join(ROOT, '.github/actions');
const workflowFiles = readdirSync(WORKFLOWS).filter((f) => f.endsWith('.yml')).map((f) => join(WORKFLOWS, f));
const actionFiles = readdirSync(ACTIONS).map((d) => join(ACTIONS, d, 'action.yml'));
const read = (file: string) => readFileSync(file, 'utf8');
const workflow = (name: string) => parse(read(join(WORKFLOWS, `${name}.yml`)));
const localAction = (uses: string) => parse(read(join(ROOT, uses, 'action.yml')));

/** Steps of a job, with the steps of the local composite actions it uses spliced in. */
function stepsOf(job: any): any[] {
  return (job.steps ?? []).flatMap((s: any) => (typeof s.uses === 'string' && s.uses.startsWith('./.github/actions/') ? [s, ...localAction(s.uses).runs.steps] : [s]));
}

/** Does the job exchange its OIDC token for AWS credentials (directly, through a local action, or by publishing images)? */
function assumesRole(job: any): boolean {
  if (typeof job.uses === 'string') return job.uses === './.github/workflows/images.yml';
  return stepsOf(job).some((s) => String(s.uses ?? '').startsWith('aws-actions/configure-aws-credentials@') || /npm run images -- publish/.test(s.run ?? ''));
}

describe('workflows pass the GitHub Actions schema validator', () => {
  for (const file of [...workflowFiles, ...actionFiles]) {
    it(`${file.slice(ROOT.length + 1)} is valid`, () => {
      const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/@action-validator/cli/cli.mjs'), file], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr || r.stdout);
    });
  }

  it('the validator rejects a broken workflow (it really runs)', () => {
    const bad = join(require('node:os').tmpdir(), `bad-${process.pid}.yml`);
    require('node:fs').writeFileSync(bad, 'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    step: []\n');
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/@action-validator/cli/cli.mjs'), bad], { encoding: 'utf8' });
    assert.equal(r.status, 1);
  });
});

describe('workflow rules', () => {
  const all = [...workflowFiles, ...actionFiles];

  it('pins every action to a full commit SHA with its version in a comment; local actions come from the same commit', () => {
    for (const file of all) {
      for (const line of read(file).split('\n').filter((l) => /^\s*(-\s+)?uses:/.test(l))) {
        const ref = line.replace(/^\s*(-\s+)?uses:\s*/, '');
        if (ref.startsWith('./')) continue;
        assert.match(ref, /^[\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/, `${file}: ${line.trim()}`);
      }
    }
  });

  it('pins each action to one version across the files', () => {
    const pins = new Map<string, Set<string>>();
    for (const file of all) {
      for (const m of read(file).matchAll(/uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40})/g)) pins.set(m[1], new Set([...(pins.get(m[1]) ?? []), m[2]]));
    }
    for (const [action, shas] of pins) assert.equal(shas.size, 1, action);
  });

  it('holds no long-lived AWS keys and reads no secrets', () => {
    for (const file of all) {
      const text = read(file);
      assert.doesNotMatch(text, /aws-access-key-id|aws-secret-access-key|aws-session-token|AWS_SECRET_ACCESS_KEY|secrets\./, file);
    }
  });

  it('grants nothing by default and id-token: write only to the jobs that assume a role, which all have it', () => {
    for (const file of workflowFiles) {
      const wf = parse(read(file));
      assert.deepEqual(wf.permissions, {}, `${file}: top-level permissions`);
      for (const [id, job] of Object.entries<any>(wf.jobs)) {
        const idToken = job.permissions?.['id-token'] === 'write';
        assert.equal(idToken, assumesRole(job), `${file} ${id}: id-token ${idToken}`);
        assert.ok(job.permissions, `${file} ${id} states its permissions`);
        for (const [scope, level] of Object.entries(job.permissions)) {
          assert.ok(scope === 'id-token' ? level === 'write' : level === 'read', `${file} ${id}: ${scope}: ${level}`);
        }
      }
    }
  });

  it('deploys in one job per wave, in order, each environment through its GitHub environment and one concurrency group', () => {
    const jobs = workflow('deploy-platform').jobs;
    const waves = Object.keys(jobs).filter((id) => id.startsWith('wave-'));
    assert.deepEqual(waves, DELIVERY_WAVES.map((w) => `wave-${w}`));
    waves.forEach((id, i) => {
      const job = jobs[id];
      assert.deepEqual(job.needs, ['fleet', 'images', ...(i > 0 ? [waves[i - 1]] : [])], id);
      assert.match(job.if, new RegExp(`!failure\\(\\).*needs\\.fleet\\.outputs\\.wave${i + 1} != '\\[\\]'`), id);
      assert.equal(job.strategy.matrix.include, `\${{ fromJSON(needs.fleet.outputs.wave${i + 1}) }}`);
      assert.equal(job.environment, '${{ matrix.githubEnvironment }}', id);
      assert.deepEqual(job.concurrency, { group: 'deploy-${{ matrix.name }}', 'cancel-in-progress': false }, id);
    });
    const manual = workflow('deploy-application').jobs.deploy;
    assert.equal(manual.environment, '${{ fromJSON(needs.target.outputs.target).githubEnvironment }}');
    assert.equal(manual.concurrency.group, 'deploy-${{ fromJSON(needs.target.outputs.target).name }}', 'the same group as the pipeline');
  });

  it('assumes the deploy role only in jobs that name a GitHub environment (the role trusts environment subjects only)', () => {
    for (const file of workflowFiles) {
      for (const [id, job] of Object.entries<any>(parse(read(file)).jobs)) {
        const deploys = stepsOf(job).some((s) => /deployRoleArn|deploy-role-arn/.test(JSON.stringify(s.with ?? {})));
        if (deploys) assert.ok(job.environment, `${file} ${id}`);
        const pushesOrDiffs = stepsOf(job).some((s) => /diffRoleArn|npm run images -- publish/.test(JSON.stringify(s)));
        if (pushesOrDiffs) assert.equal(job.environment, undefined, `${file} ${id}: an environment would change the token's subject`);
      }
    }
  });

  it('deploys prod only through a protected GitHub environment, after dev, checked before the first wave', () => {
    const fleet = loadFleet();
    assert.ok(fleet.ok);
    const [dev, prod] = ['dev', 'prod'].map((n) => fleet.members.find((m) => m.model.envName === n)!.model.delivery!);
    assert.equal(prod.protected, true);
    assert.ok(prod.wave > dev.wave);
    assert.equal(prod.subjects.environment, 'repo:example-org/eks-platform:environment:prod');
    const { fleet: fleetJob, images } = workflow('deploy-platform').jobs;
    const guard = fleetJob.steps.find((s: any) => s.uses === './.github/actions/require-reviewers');
    assert.equal(guard.with.environments, '${{ steps.fleet.outputs.protected }}');
    assert.equal(fleetJob.permissions.actions, 'read', 'the environments API');
    assert.deepEqual(images.needs, 'fleet', 'nothing starts before the check');
    const check = localAction('./.github/actions/require-reviewers').runs.steps[0].run;
    assert.match(check, /required_reviewers/);
    const target = workflow('deploy-application').jobs.target.steps.find((s: any) => s.uses === './.github/actions/require-reviewers');
    assert.match(target.if, /protected/);
  });

  it('runs the README\'s test and main-job commands', () => {
    const readme = read(join(ROOT, 'README.md'));
    assert.match(readme, /npm ci && npm start\s/);
    assert.match(readme, /^npm test\s/m);
    const check = workflow('check');
    assert.ok(check.jobs.test.steps.some((s: any) => s.run === 'npm test'));
    assert.ok(check.jobs.test.steps.some((s: any) => /^npm ci\b/.test(s.run ?? '')));
    assert.ok(check.jobs.synth.steps.some((s: any) => s.run === 'npm start -- -c "env=$ENVIRONMENT"'), 'README: npm start -- -c env=prod');
    assert.match(readme, /npm start -- -c env=prod/);
    assert.equal(check.jobs.synth.strategy.matrix.environment, '${{ fromJSON(needs.fleet.outputs.environments) }}', 'every environment file');
    assert.ok(check.jobs.synth.steps.some((s: any) => String(s.uses).startsWith('actions/upload-artifact@') && s.with.path === 'cdk.out'));
    assert.deepEqual(Object.keys(check.on).sort(), ['pull_request', 'push']);
  });

  it('diffs only on pull requests of this repository, when the diff role is configured, through the lookup role', () => {
    const diff = workflow('check').jobs.diff;
    for (const condition of ["github.event_name == 'pull_request'", "vars.DELIVERY_DIFF == 'true'", 'github.event.pull_request.head.repo.full_name == github.repository', 'needs.fleet.outputs.repository == github.repository']) {
      assert.ok(diff.if.includes(condition), condition);
    }
    assert.ok(diff.steps.some((s: any) => /cdk diff --app cdk\.out --method template/.test(s.run ?? '')));
  });

  it('publishes images only from main, with the commit SHA as the tag', () => {
    const publish = workflow('images').jobs.publish;
    assert.match(publish.if, /github\.ref == 'refs\/heads\/main'/);
    assert.ok(publish.steps.some((s: any) => s.run === 'npm run images -- publish --sha "$GITHUB_SHA"'));
    assert.equal(workflow('deploy-platform').jobs.images.uses, './.github/workflows/images.yml');
  });

  it('passes workflow inputs and matrix values to scripts through the environment, never into the script text', () => {
    for (const file of all) {
      for (const step of Object.values<any>(parse(read(file)).jobs ?? {}).flatMap(stepsOf).concat(parse(read(file)).runs?.steps ?? [])) {
        if (step.run) assert.doesNotMatch(step.run, /\$\{\{\s*(inputs|matrix|github\.event)\./, `${file}: ${step.run}`);
      }
    }
  });
});

describe('the pipeline diagram of docs/delivery.md', () => {
  it('has a node for every job of every workflow and an edge for every need', () => {
    const { pipelineDiagram } = require('../src/report/delivery-doc') as typeof import('../src/report/delivery-doc');
    const diagram = pipelineDiagram();
    for (const file of workflowFiles) {
      const name = file.split('/').pop()!.replace('.yml', '').replace(/-/g, '_');
      for (const [id, job] of Object.entries<any>(parse(read(file)).jobs)) {
        const node = `${name}_${id.replace(/-/g, '_')}`;
        assert.match(diagram, new RegExp(`^    ${node}\\["${id}`, 'm'), node);
        for (const need of [job.needs ?? []].flat()) assert.ok(diagram.includes(`${name}_${need.replace(/-/g, '_')} --> ${node}`), `${need} -> ${id}`);
      }
    }
  });
});
