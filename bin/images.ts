/**
 * The images workflow's and the deploy job's AWS side (runs on GitHub's runners, which have the
 * AWS CLI and docker):
 *
 *   npm run images -- publish --sha <sha>          # IMAGE_ENTRY: one entry of `npm run fleet -- images`
 *   npm run images -- verify --environment <name> --sha <sha>
 *
 * `publish` assumes each registry's push role with the job's OIDC token, builds once or retags,
 * pushes and waits for the scan. `verify` (before deploying the application) checks, through the
 * bootstrap lookup role, that every image of the environment has the tag and passed the scan.
 */
import { spawnSync } from 'node:child_process';
import { fail } from '../src/cli-args';
import { loadFleet } from '../src/delivery/fleet';
import { formatFleetProblems } from '../src/delivery/fleet-rules';
import { COMMIT_SHA, type ImagePlanEntry } from '../src/delivery/images';
import { fleetMatrix } from '../src/delivery/matrix';
import { assumeRole, publishImage, PublishError, scanGate, type Shell } from '../src/delivery/publish';
import { GITHUB_OIDC_AUDIENCE } from '../src/delivery/resolve';

const shell: Shell = {
  run(command, args, options = {}) {
    // A build streams its log; everything else is read.
    const streams = command === 'docker' && args[0] === 'buildx';
    const r = spawnSync(command, args, {
      env: { ...process.env, ...options.env },
      input: options.input,
      encoding: 'utf8',
      stdio: streams ? ['ignore', 'inherit', 'inherit'] : 'pipe',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.error) throw new PublishError(`${command} could not run: ${r.error.message}`);
    return { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  },
  log: (line) => console.log(line),
  sleep: (seconds) => void spawnSync('sleep', [String(seconds)]),
};

/** The job's OIDC token (needs `id-token: write`), as configure-aws-credentials requests it. */
async function oidcToken(): Promise<string> {
  const url = process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !bearer) throw new PublishError('no OIDC token: the job needs `permissions: id-token: write`');
  const response = await fetch(`${url}&audience=${encodeURIComponent(GITHUB_OIDC_AUDIENCE)}`, { headers: { Authorization: `bearer ${bearer}` } });
  if (!response.ok) throw new PublishError(`requesting the OIDC token failed: HTTP ${response.status}`);
  return ((await response.json()) as { value: string }).value;
}

function option(argv: readonly string[], name: string): string {
  const i = argv.indexOf(name);
  const value = i >= 0 ? argv[i + 1] : undefined;
  return value ?? fail(`expected ${name} <value>`);
}

async function main(argv: readonly string[]): Promise<void> {
  const sha = option(argv, '--sha');
  if (!COMMIT_SHA.test(sha)) fail(`--sha must be a full 40-character commit SHA (images are tagged with it), got "${sha}"`);
  if (argv[0] === 'publish') {
    const entry = JSON.parse(process.env.IMAGE_ENTRY ?? fail('IMAGE_ENTRY must hold one entry of `npm run fleet -- images`')) as ImagePlanEntry;
    const token = await oidcToken();
    publishImage(shell, entry, { sha, token: () => token, gate: { timeoutSeconds: 900, intervalSeconds: 15 } });
  } else if (argv[0] === 'verify') {
    const name = option(argv, '--environment');
    const fleet = loadFleet();
    if (!fleet.ok) throw new PublishError(formatFleetProblems(fleet.problems));
    const target = fleetMatrix(fleet.members).targets.find((t) => t.name === name);
    if (!target) throw new PublishError(`"${name}" is not a delivered environment of the fleet`);
    const lookup = assumeRole(shell, target.lookupRoleArn, target.region, `verify-${name}`.slice(0, 64));
    for (const repository of target.repositories.split(' ').filter(Boolean)) {
      scanGate(shell, lookup, repository, sha, { timeoutSeconds: 300, intervalSeconds: 15 });
    }
    console.log(`Every image of ${name} is at ${sha} and passed the scan.`);
  } else {
    fail('usage: npm run images -- publish --sha SHA | verify --environment NAME --sha SHA');
  }
}

main(process.argv.slice(2)).catch((e) => {
  if (e instanceof PublishError) {
    console.error(`::error::${e.message}`);
    process.exit(1);
  }
  throw e;
});
