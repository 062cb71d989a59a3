/**
 * The plan of one environment: the chart phases in order with every chart's version, namespace
 * and dependencies, then the modelled deploy (each stack's duration and the critical path through
 * stacks and resources, src/plan/deploy-plan.ts), read from the synthesized templates. The chart
 * graph's Mermaid diagram is written to docs/plan-<env>.md.
 *
 *   npm run plan                    # dev
 *   npm run plan -- -c env=prod
 *   npm run plan -- -c envFile=./my-env.json
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from '../src/cli-args';
import { formatProblems, loadEnvironment } from '../src/config/load';
import { deployPlan } from '../src/plan/deploy-plan';
import { deployPlanLines } from '../src/plan/deploy-report';
import { planDoc, planLines } from '../src/plan/plan-report';
import { buildApp } from '../src/synth';

const { context } = parseArgs(process.argv.slice(2));
const loaded = loadEnvironment({ env: context.env, envFile: context.envFile, identity: context.identity });
if (!loaded.ok) {
  console.error(formatProblems(loaded));
  process.exit(1);
}
const { model } = loaded;
console.log(`Chart plan of ${model.envName} (${model.charts.entries.length} entries enabled):`);
console.log(planLines(model.charts).join('\n'));

// The deploy plan reads the templates: synthesize into a private directory (CloudFormation
// validation off, it changes no template), never into the user's cdk.out.
const outdir = mkdtempSync(join(tmpdir(), 'eks-platform-plan-'));
try {
  const { app } = buildApp(model, { outdir, validation: false, context });
  console.log(`\n${deployPlanLines(deployPlan(app.synth()), model.envName).join('\n')}`);
} finally {
  rmSync(outdir, { recursive: true, force: true });
}

const file = `docs/plan-${model.envName}.md`;
writeFileSync(resolve(__dirname, '..', file), planDoc(model));
console.log(`\nMermaid graph written to ${file}`);
