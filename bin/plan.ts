/**
 * The chart plan of one environment: phases in order with every chart's version, namespace and
 * dependencies, printed, and its Mermaid graph written to docs/plan-<env>.md. No synthesis: the
 * plan comes from the validated model, so it is instant and shows validation errors the same way.
 *
 *   npm run plan                    # dev
 *   npm run plan -- -c env=prod
 *   npm run plan -- -c envFile=./my-env.json
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from '../src/cli-args';
import { formatProblems, loadEnvironment } from '../src/config/load';
import { planDoc, planLines } from '../src/plan/plan-report';

const { context } = parseArgs(process.argv.slice(2));
const loaded = loadEnvironment({ env: context.env, envFile: context.envFile, identity: context.identity });
if (!loaded.ok) {
  console.error(formatProblems(loaded));
  process.exit(1);
}
const { model } = loaded;
console.log(`Chart plan of ${model.envName} (${model.charts.entries.length} entries enabled):`);
console.log(planLines(model.charts).join('\n'));
const file = `docs/plan-${model.envName}.md`;
writeFileSync(resolve(__dirname, '..', file), planDoc(model));
console.log(`\nMermaid graph written to ${file}`);
