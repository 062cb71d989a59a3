/**
 * The fleet: rules across environment files (a table of bad fleets, each with its field path),
 * the matrices the workflows read, the images plan and the image publishing steps.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadFleet } from '../src/delivery/fleet';
import { planImages } from '../src/delivery/images';
import { fleetMatrix } from '../src/delivery/matrix';
import { publishImage, PublishError, scanGate, type Shell } from '../src/delivery/publish';
import { INFRASTRUCTURE_LIFECYCLES } from '../src/platform';
import { environmentData, synth } from './support/platform';

/** A fleet directory with the shipped files, each edited by `patches[name]`, plus extra files. */
function fleetDir(patches: Record<string, (d: any) => void> = {}, extra: Record<string, (d: any) => void> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-'));
  for (const name of ['dev', 'prod']) {
    const data = environmentData(name);
    patches[name]?.(data);
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(data));
  }
  for (const [file, patch] of Object.entries(extra)) {
    const data = environmentData('dev');
    patch(data);
    writeFileSync(join(dir, `${file}.json`), JSON.stringify(data));
  }
  return dir;
}

/** Another account: the shipped mirror secrets are the old account's, so the move turns the mirror off. */
function moveTo(d: any, account: string): void {
  d.account = account;
  d.imageMirror = { enabled: false };
}

function problemsOf(dir: string): string[] {
  const fleet = loadFleet(dir);
  return fleet.ok ? [] : fleet.problems.map((p) => `${p.file}: ${p.path}: ${p.message}`);
}

describe('fleet rules', () => {
  it('accepts the shipped fleet', () => {
    assert.deepEqual(problemsOf(fleetDir()), []);
  });

  const bad: Array<{ name: string; dir: () => string; problem: RegExp }> = [
    {
      name: 'two environments with the same name',
      dir: () => fleetDir({}, { 'dev-copy': (d) => moveTo(d, '333333333333') }),
      problem: /environments\/dev-copy\.json: name: "dev" differs from the file name dev-copy\.json|environments\/dev\.json: name: environment name "dev" is also used/,
    },
    {
      name: 'two files named alike (the same name twice)',
      dir: () => fleetDir({ prod: (d) => ((d.name = 'dev'), (d.delivery.github.environment = 'production')) }),
      problem: /environments\/prod\.json: name: environment name "dev" is also used by environments\/dev\.json/,
    },
    {
      name: 'an account/region reused by another project',
      dir: () => fleetDir({ prod: (d) => (moveTo(d, '111111111111'), (d.project = 'other')) }),
      problem: /environments\/prod\.json: project: account 111111111111 \/ eu-west-1 already belongs to project "aos"/,
    },
    {
      name: 'an unknown wave',
      dir: () => fleetDir({ prod: (d) => (d.delivery.wave = 7) }),
      problem: /environments\/prod\.json: delivery\.wave: unknown wave: waves are 1, 2, 3/,
    },
    {
      name: 'another repository',
      dir: () => fleetDir({ prod: (d) => (d.delivery.github.owner = 'someone-else') }),
      problem: /environments\/prod\.json: delivery\.github: the fleet is delivered from example-org\/eks-platform/,
    },
    {
      name: 'a shared GitHub environment (case-insensitive)',
      dir: () => fleetDir({ prod: (d) => (d.delivery.github.environment = 'DEV') }),
      problem: /environments\/prod\.json: delivery\.github\.environment: GitHub environment "DEV" is also used by environments\/dev\.json/,
    },
    {
      name: 'two home regions for one account',
      dir: () => fleetDir({}, { 'dev-us': (d) => Object.assign(((d.cluster.access.edit[0].namespaces = ['dev-us']), d), { name: 'dev-us', region: 'us-east-1', availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], imageMirror: { enabled: false } }, { delivery: { ...d.delivery, github: { ...d.delivery.github, environment: 'dev-us' } } }) }),
      problem: /delivery\.homeRegion: the delivery stack of account 111111111111 is in eu-west-1/,
    },
    {
      name: 'a home region without an environment',
      dir: () => fleetDir({ prod: (d) => (d.delivery.homeRegion = 'us-west-2') }),
      problem: /environments\/prod\.json: delivery\.homeRegion: us-west-2 hosts no environment of account 222222222222/,
    },
    {
      name: 'two OIDC provider settings in one account',
      dir: () => fleetDir({ prod: (d) => (moveTo(d, '111111111111'), (d.delivery.oidcProvider = 'existing')) }),
      problem: /environments\/prod\.json: delivery\.oidcProvider: environments\/dev\.json says "create"/,
    },
    {
      name: 'a wildcard repository owner',
      dir: () => fleetDir({ prod: (d) => (d.delivery.github.owner = '*') }),
      problem: /environments\/prod\.json: delivery\.github\.owner: owner is a GitHub user or organization name/,
    },
    {
      name: 'half of the immutable subject ids',
      dir: () => fleetDir({ prod: (d) => (d.delivery.github.ownerId = 12) }),
      problem: /environments\/prod\.json: delivery\.github\.repositoryId: ownerId and repositoryId go together/,
    },
  ];
  for (const row of bad) {
    it(`rejects ${row.name}, with the field path`, () => {
      const problems = problemsOf(row.dir());
      assert.ok(problems.some((p) => row.problem.test(p)), problems.join('\n'));
    });
  }

  it('npm run fleet prints the problems and exits 1', () => {
    // The command reads environments/ of the repository: prove the failure path on the loader the command uses.
    const fleet = loadFleet(fleetDir({ prod: (d) => (d.delivery.wave = 0) }));
    assert.equal(fleet.ok, false);
  });
});

describe('fleet matrix', () => {
  const fleet = loadFleet();
  assert.ok(fleet.ok);
  const matrix = fleetMatrix(fleet.members);

  it('orders the delivered environments by wave, dev before prod', () => {
    assert.deepEqual(matrix.targets.map((t) => [t.name, t.wave]), [['dev', 1], ['prod', 2]]);
    assert.deepEqual(Object.keys(matrix.waves), ['wave1', 'wave2', 'wave3']);
    assert.deepEqual(matrix.waves.wave3, []);
    assert.equal(matrix.repository, 'example-org/eks-platform');
  });

  it('gives each job what it needs, names derived from the model', () => {
    const prod = matrix.targets.find((t) => t.name === 'prod')!;
    assert.equal(prod.infrastructureStacks, 'aos-prod-network aos-prod-data aos-prod-cluster aos-prod-charts');
    assert.equal(prod.applicationStack, 'aos-prod-application');
    assert.equal(prod.deployRoleArn, 'arn:aws:iam::222222222222:role/aos-prod-github-deploy');
    assert.equal(prod.lookupRoleArn, 'arn:aws:iam::222222222222:role/cdk-hnb659fds-lookup-role-222222222222-eu-west-1');
    assert.equal(prod.registry, '222222222222.dkr.ecr.eu-west-1.amazonaws.com');
    assert.equal(prod.protected, true);
    assert.equal(prod.githubEnvironment, 'prod');
  });

  it('names exactly the infrastructure stacks the app synthesizes (the application stack is deployed apart)', () => {
    const dev = synth('dev');
    const own = dev.assembly.stacks.map((s) => s.stackName).filter((n) => n.startsWith('aos-dev-'));
    const infra = INFRASTRUCTURE_LIFECYCLES.map((l) => `aos-dev-${l}`);
    assert.deepEqual(own.filter((n) => n !== 'aos-dev-application').sort(), [...infra].sort());
    assert.equal(matrix.targets[0].infrastructureStacks, infra.join(' '));
  });
});

function git(dir: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

describe('images plan', () => {
  const fleet = loadFleet();
  assert.ok(fleet.ok);
  const repo = mkdtempSync(join(tmpdir(), 'images-'));
  git(repo, 'init', '-q');
  for (const image of ['api', 'auth']) {
    mkdirSync(join(repo, 'images', image), { recursive: true });
    writeFileSync(join(repo, 'images', image, 'Dockerfile'), `FROM scratch\nLABEL image=${image}\n`);
  }
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'one');
  const before = git(repo, 'rev-parse', 'HEAD');
  writeFileSync(join(repo, 'images', 'api', 'Dockerfile'), 'FROM scratch\nLABEL image=api version=2\n');
  git(repo, 'commit', '-qam', 'two');

  it('builds what changed, retags what did not, lists images without a source', () => {
    const plan = planImages(fleet.members, { root: repo, before });
    assert.deepEqual(plan.entries.map((e) => [e.image, e.action, e.previous]), [['api', 'build', undefined], ['auth', 'retag', before]]);
    assert.equal(plan.complete, false);
    assert.ok(plan.missing.includes('backend'));
  });

  it('pushes to the repository of every environment that lists the image, amd64 for the shipped nodes', () => {
    const api = planImages(fleet.members, { root: repo, before }).entries[0];
    assert.deepEqual(api.targets.map((t) => [t.registry, t.repository, t.pushRoleArn]), [
      ['111111111111.dkr.ecr.eu-west-1.amazonaws.com', 'aos/dev/api', 'arn:aws:iam::111111111111:role/aos-github-push'],
      ['222222222222.dkr.ecr.eu-west-1.amazonaws.com', 'aos/prod/api', 'arn:aws:iam::222222222222:role/aos-github-push'],
    ]);
    assert.equal(api.platforms, 'linux/amd64');
  });

  it('two environments of one project in one account and Region each push to their own repository', () => {
    const staging = (d: any) => {
      d.name = 'staging';
      d.cluster.access.edit[0].namespaces = ['staging'];
      d.delivery.github.environment = 'staging';
    };
    const shared = loadFleet(fleetDir({}, { staging }));
    assert.ok(shared.ok, shared.ok ? '' : shared.problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('\n'));
    const api = planImages(shared.members, { root: repo, before }).entries[0];
    assert.deepEqual(api.targets.map((t) => [t.environment, t.registry, t.repository]), [
      ['dev', '111111111111.dkr.ecr.eu-west-1.amazonaws.com', 'aos/dev/api'],
      ['prod', '222222222222.dkr.ecr.eu-west-1.amazonaws.com', 'aos/prod/api'],
      ['staging', '111111111111.dkr.ecr.eu-west-1.amazonaws.com', 'aos/staging/api'],
    ]);
  });

  it('builds everything without a usable previous commit', () => {
    for (const b of [undefined, '', '0000000000000000000000000000000000000000', 'not-a-sha']) {
      assert.ok(planImages(fleet.members, { root: repo, before: b }).entries.every((e) => e.action === 'build'), String(b));
    }
  });
});

/** A scripted Shell: answers by the first matching rule, records every call. */
function fakeShell(rules: Array<[RegExp, (call: string) => { status?: number; stdout?: unknown; stderr?: string }]>) {
  const calls: string[] = [];
  const logs: string[] = [];
  let slept = 0;
  const shell: Shell = {
    run(command, args) {
      const call = [command, ...args].join(' ');
      calls.push(call);
      const rule = rules.find(([re]) => re.test(call));
      const out = rule ? rule[1](call) : {};
      return { status: out.status ?? 0, stdout: typeof out.stdout === 'string' ? out.stdout : JSON.stringify(out.stdout ?? {}), stderr: out.stderr ?? '' };
    },
    log: (l) => logs.push(l),
    sleep: (s) => void (slept += s),
  };
  return { shell, calls, logs, slept: () => slept };
}

/** The first two look-ups (one per registry) find no image; later ones (the scan gate) find it scanned. */
function notFoundTwiceThen(found: unknown): () => { status?: number; stdout?: unknown; stderr?: string } {
  let n = 0;
  return () => (++n <= 2 ? { status: 254, stderr: 'An error occurred (ImageNotFoundException)' } : { stdout: found });
}

const creds = { Credentials: { AccessKeyId: 'AKIA', SecretAccessKey: 'secret', SessionToken: 'session' } };
const SHA = 'a'.repeat(40);
const PREVIOUS = 'b'.repeat(40);
const scanned = (counts: Record<string, number>) => ({ imageDetails: [{ imageScanStatus: { status: 'COMPLETE' }, imageScanFindingsSummary: { findingSeverityCounts: counts } }] });

describe('image publishing', () => {
  const fleet = loadFleet();
  assert.ok(fleet.ok);
  const entry = (action: 'build' | 'retag') => ({
    image: 'api',
    action,
    context: 'images/api',
    previous: action === 'retag' ? PREVIOUS : undefined,
    platforms: 'linux/amd64',
    targets: [
      { environment: 'dev', account: '111111111111', region: 'eu-west-1', registry: '111111111111.dkr.ecr.eu-west-1.amazonaws.com', repository: 'aos/dev/api', pushRoleArn: 'arn:aws:iam::111111111111:role/aos-github-push' },
      { environment: 'prod', account: '222222222222', region: 'eu-west-1', registry: '222222222222.dkr.ecr.eu-west-1.amazonaws.com', repository: 'aos/prod/api', pushRoleArn: 'arn:aws:iam::222222222222:role/aos-github-push' },
    ],
  });
  const gate = { timeoutSeconds: 60, intervalSeconds: 15 };

  it('builds once and pushes the same build to both registries, each through its push role, then gates on the scan', () => {
    let described = 0;
    const f = fakeShell([
      [/assume-role-with-web-identity/, () => ({ stdout: creds })],
      [/get-login-password/, () => ({ stdout: 'pw' })],
      [/describe-images/, () => (described++ < 2 ? { status: 254, stderr: 'An error occurred (ImageNotFoundException)' } : { stdout: scanned({ HIGH: 2 }) })],
      [/batch-get-image/, () => ({ stdout: { images: [{ imageManifest: '{"schemaVersion":2}' }] } })],
    ]);
    publishImage(f.shell, entry('build'), { sha: SHA, token: () => 'jwt', gate });
    const builds = f.calls.filter((c) => c.startsWith('docker buildx build'));
    assert.equal(builds.length, 1);
    assert.match(builds[0], /--provenance=false .*--push --tag 111111111111\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/aos\/dev\/api:a{40} --tag 222222222222\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/aos\/prod\/api:a{40} images\/api$/);
    assert.ok(f.calls.some((c) => c.includes('--role-arn arn:aws:iam::222222222222:role/aos-github-push') && c.includes('--web-identity-token jwt')));
    assert.ok(f.logs.includes('::add-mask::secret') && f.logs.includes('::add-mask::session'), 'secrets are masked');
  });

  it('retags an unchanged image with the previous commit\'s manifest, building nothing', () => {
    const f = fakeShell([
      [/assume-role-with-web-identity/, () => ({ stdout: creds })],
      [/describe-images .*imageTag=a{40}/, notFoundTwiceThen(scanned({}))],
      [/batch-get-image .*imageTag=b{40}/, () => ({ stdout: { images: [{ imageManifest: '{"m":1}', imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json' }] } })],
      [/batch-get-image/, () => ({ stdout: { images: [{ imageManifest: '{"schemaVersion":2}' }] } })],
    ]);
    publishImage(f.shell, entry('retag'), { sha: SHA, token: () => 'jwt', gate });
    assert.equal(f.calls.filter((c) => c.startsWith('docker buildx')).length, 0);
    const puts = f.calls.filter((c) => c.includes('ecr put-image'));
    assert.equal(puts.length, 2);
    assert.match(puts[0], /--image-tag a{40} --image-manifest \{"m":1\} --image-manifest-media-type application\/vnd\.oci\.image\.manifest\.v1\+json/);
  });

  it('builds when the previous commit has no image to retag', () => {
    const f = fakeShell([
      [/assume-role-with-web-identity/, () => ({ stdout: creds })],
      [/describe-images .*imageTag=a{40}/, notFoundTwiceThen(scanned({}))],
      [/batch-get-image .*imageTag=b{40}/, () => ({ stdout: { images: [], failures: [{ failureCode: 'ImageNotFound' }] } })],
      [/batch-get-image/, () => ({ stdout: { images: [{ imageManifest: '{}' }] } })],
    ]);
    publishImage(f.shell, entry('retag'), { sha: SHA, token: () => 'jwt', gate });
    assert.equal(f.calls.filter((c) => c.startsWith('docker buildx build')).length, 1);
  });

  it('fails on a critical finding, after waiting for the scan', () => {
    let polls = 0;
    const f = fakeShell([
      [/batch-get-image/, () => ({ stdout: { images: [{ imageManifest: '{}' }] } })],
      [/describe-images/, () => (++polls < 3 ? { stdout: { imageDetails: [{ imageScanStatus: { status: 'IN_PROGRESS' } }] } } : { stdout: scanned({ CRITICAL: 1, HIGH: 4 }) })],
    ]);
    const c = { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_SESSION_TOKEN: 'c', AWS_REGION: 'eu-west-1' };
    assert.throws(() => scanGate(f.shell, c, 'aos/dev/api', SHA, gate), (e: Error) => e instanceof PublishError && /1 critical finding\(s\) \(CRITICAL 1, HIGH 4\)/.test(e.message));
    assert.equal(f.slept(), 30);
  });

  it('fails when the scan cannot finish or cannot run, and checks each platform of an index', () => {
    const c = { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_SESSION_TOKEN: 'c', AWS_REGION: 'eu-west-1' };
    const pending = fakeShell([
      [/batch-get-image/, () => ({ stdout: { images: [{ imageManifest: '{}' }] } })],
      [/describe-images/, () => ({ stdout: { imageDetails: [{ imageScanStatus: { status: 'IN_PROGRESS' } }] } })],
    ]);
    assert.throws(() => scanGate(pending.shell, c, 'aos/dev/api', SHA, gate), /did not finish in 60 s/);
    const unsupported = fakeShell([
      [/batch-get-image/, () => ({ stdout: { images: [{ imageManifest: '{}' }] } })],
      [/describe-images/, () => ({ stdout: { imageDetails: [{ imageScanStatus: { status: 'UNSUPPORTED_IMAGE', description: 'unsupported os' } }] } })],
    ]);
    assert.throws(() => scanGate(unsupported.shell, c, 'aos/dev/api', SHA, gate), /cannot be scanned: UNSUPPORTED_IMAGE/);
    const index = fakeShell([
      [/batch-get-image/, () => ({ stdout: { images: [{ imageManifest: JSON.stringify({ manifests: [{ digest: 'sha256:1' }, { digest: 'sha256:2' }] }) }] } })],
      [/describe-images .*sha256:2/, () => ({ stdout: scanned({ CRITICAL: 3 }) })],
      [/describe-images/, () => ({ stdout: scanned({}) })],
    ]);
    assert.throws(() => scanGate(index.shell, c, 'aos/dev/api', SHA, gate), /\(imageDigest=sha256:2\) has 3 critical/);
  });
});
