/**
 * The fleet: every environment of environments/, with its account, region, wave and pipeline
 * roles, checked across files. The workflows run it to get their matrices.
 *
 *   npm run fleet                                          # print the fleet
 *   npm run fleet -- --github-output                       # and write the matrices to $GITHUB_OUTPUT
 *   npm run fleet -- --environment prod --github-output    # one delivered environment, as `target`
 *   npm run fleet -- images --before <sha> --github-output # which images this commit builds or retags
 */
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fail } from '../src/cli-args';
import { loadFleet } from '../src/delivery/fleet';
import { formatFleetProblems } from '../src/delivery/fleet-rules';
import { planImages } from '../src/delivery/images';
import { fleetMatrix, githubOutputLines } from '../src/delivery/matrix';
import { table } from '../src/report/table';

const ROOT = resolve(__dirname, '..');

interface Args {
  readonly command: 'fleet' | 'images';
  readonly githubOutput: boolean;
  readonly environment?: string;
  readonly before?: string;
}

function parse(argv: readonly string[]): Args {
  let command: Args['command'] = 'fleet';
  let githubOutput = false;
  let environment: string | undefined;
  let before: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (i === 0 && arg === 'images') command = 'images';
    else if (arg === '--github-output') githubOutput = true;
    else if (arg === '--environment') environment = argv[++i] ?? fail('expected an environment name after --environment');
    else if (arg === '--before') before = argv[++i] ?? '';
    else fail(`unknown argument "${arg}" (use [images] [--github-output] [--environment NAME] [--before SHA])`);
  }
  return { command, githubOutput, environment, before };
}

/** Write outputs for the next steps: to $GITHUB_OUTPUT in a workflow, to stdout otherwise. */
function emit(outputs: Record<string, unknown>): void {
  const lines = githubOutputLines(outputs);
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${lines.join('\n')}\n`);
  else console.log(lines.join('\n'));
}

const args = parse(process.argv.slice(2));
const fleet = loadFleet();
if (!fleet.ok) {
  console.error(formatFleetProblems(fleet.problems));
  process.exit(1);
}
const matrix = fleetMatrix(fleet.members);

if (args.command === 'images') {
  const plan = planImages(fleet.members, { root: ROOT, before: args.before });
  console.log(`Images of this commit (${plan.entries.length} to publish):`);
  console.log(table(plan.entries.map((e) => [e.image, e.action === 'retag' ? `retag ${e.previous!.slice(0, 12)}` : 'build', e.platforms, e.targets.map((t) => t.registry).join(', ')]), '  ').join('\n'));
  if (plan.missing.length) console.log(`No source (images/<name>/Dockerfile) for: ${plan.missing.join(', ')}; the pipeline does not deploy the application until every image has one.`);
  if (args.githubOutput) emit({ entries: plan.entries, missing: plan.missing.join(' '), complete: String(plan.complete) });
} else if (args.environment !== undefined) {
  const target = matrix.targets.find((t) => t.name === args.environment);
  if (!target) {
    console.error(`error: "${args.environment}" is not a delivered environment of the fleet; delivered: ${matrix.targets.map((t) => t.name).join(', ') || 'none'}`);
    process.exit(1);
  }
  console.log(`${target.name}: account ${target.account}, ${target.region}, GitHub environment ${target.githubEnvironment}, deploy role ${target.deployRoleArn}`);
  if (args.githubOutput) emit({ target });
} else {
  const rows = matrix.targets.map((t) => [t.name, t.project, t.account, t.region, `wave ${t.wave}`, `${t.githubEnvironment}${t.protected ? ' (reviewers required)' : ''}`, t.deliveryStack]);
  console.log(`Fleet of ${matrix.repository ?? 'no repository'}: ${matrix.targets.length} delivered environment(s), in deployment order`);
  console.log(table([['environment', 'project', 'account', 'region', 'wave', 'GitHub environment', 'delivery stack'], ...rows], '  ').join('\n'));
  const manual = matrix.environments.filter((n) => !matrix.targets.some((t) => t.name === n));
  if (manual.length) console.log(`Deployed by hand only (no delivery section): ${manual.join(', ')}`);
  if (args.githubOutput) {
    emit({
      environments: matrix.environments,
      targets: matrix.targets,
      ...matrix.waves,
      protected: matrix.targets.filter((t) => t.protected).map((t) => t.githubEnvironment).join(' '),
      repository: matrix.repository ?? '',
    });
  }
}
