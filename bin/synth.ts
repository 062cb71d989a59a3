/**
 * The main job: synthesize every stack of one environment offline, with CloudFormation
 * validation and cdk-nag on, and print what was built.
 *
 *   npm start                      # the default environment (dev)
 *   npm start -- -c env=prod
 *   npm start -- -c envFile=./my-env.json
 *   npm start -- -c identity=pod-identity   # override the workload identity mode
 */
import { rmSync } from 'node:fs';
import { formatProblems } from '../src/config/load';
import { summarize } from '../src/report/summary';
import { synthesize } from '../src/synth';
import { parseArgs } from '../src/cli-args';

const { context, outdir } = parseArgs(process.argv.slice(2));
const started = performance.now();
let result: ReturnType<typeof synthesize>;
try {
  // A fresh directory: a failed synth must not leave a half-written assembly that looks current.
  rmSync(outdir, { recursive: true, force: true });
  result = synthesize({ env: context.env, envFile: context.envFile, identity: context.identity, appVersion: context.appVersion }, { outdir, context });
} catch (e) {
  rmSync(outdir, { recursive: true, force: true });
  const err = e as Error;
  console.error(`\nSynthesis failed: ${err.message.split('\n')[0]}`);
  if (/Validation failed/.test(err.message)) {
    console.error('The findings are listed above; fix them or acknowledge them with a reason in src/checks/.');
  } else {
    console.error('This is a defect of eks-platform, not of the environment file; please report it with the command you ran.');
  }
  process.exit(1);
}
if (!result.ok) {
  console.error(formatProblems(result.config));
  process.exit(1);
}
console.log(summarize(result.assembly, result.model, { outdir, seconds: (performance.now() - started) / 1000, validation: true }));
