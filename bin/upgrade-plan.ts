/**
 * The upgrade plan of one environment to the next Kubernetes minor (docs/upgrades.md): what to
 * fix in the file first, the charts that move before the control plane, and what the deploy that
 * raises the minor changes, in order. Refuses to skip a minor. Reads the file; writes nothing.
 *
 *   npm run upgrade-plan -- -c env=prod --to 1.36
 *   npm run upgrade-plan -- -c envFile=./my-env.json --to 1.36
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fail, parseArgs } from '../src/cli-args';
import { DEFAULT_ENVIRONMENT, ENVIRONMENTS_DIR, formatProblems, loadEnvironment, withIdentityOverride } from '../src/config/load';
import { planUpgrade } from '../src/upgrade/plan';
import { planText } from '../src/upgrade/plan-text';

const argv = process.argv.slice(2);
const at = argv.indexOf('--to');
const to = at >= 0 ? argv[at + 1] : undefined;
if (at >= 0) argv.splice(at, 2);
if (!to || !/^\d+\.\d+$/.test(to)) fail('give the target minor: --to 1.36');
const { context } = parseArgs(argv);

// Validation errors are reported the way every command reports them.
const loaded = loadEnvironment({ env: context.env, envFile: context.envFile, identity: context.identity });
if (!loaded.ok) {
  console.error(formatProblems(loaded));
  process.exit(1);
}
const file = context.envFile ? resolve(context.envFile) : join(ENVIRONMENTS_DIR, `${context.env ?? DEFAULT_ENVIRONMENT}.json`);
const data = withIdentityOverride(existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}, context.identity);
const result = planUpgrade(data, to);
if (!result.ok) {
  console.error(`Upgrade refused: ${result.message}`);
  process.exit(1);
}
console.log(planText(result.plan));
