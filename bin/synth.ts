/**
 * The main job: synthesize every stack of one environment offline, with CloudFormation
 * validation and cdk-nag on, and print what was built.
 *
 *   npm start                      # the default environment (dev)
 *   npm start -- -c env=prod
 *   npm start -- -c envFile=./my-env.json
 *   npm start -- -c identity=pod-identity   # override the workload identity mode
 *   npm start -- --output DIR      # another directory than cdk.out
 *
 * The environment is validated before the file system is touched; the assembly is written to a
 * fresh directory that replaces the output directory only on success, and only an output
 * directory that is absent, empty or a cloud assembly is ever replaced (src/cli/output-dir.ts).
 */
import { formatProblems, loadEnvironment } from '../src/config/load';
import { summarize } from '../src/report/summary';
import { buildApp } from '../src/synth';
import { fail, parseArgs } from '../src/cli-args';
import { outputDirProblem, replaceWithFreshDirectory } from '../src/cli/output-dir';
import { auditFor } from '../src/audit/account';
import { formatFleetProblems } from '../src/delivery/fleet-rules';

const { context, outdir } = parseArgs(process.argv.slice(2));
const started = performance.now();
const loaded = loadEnvironment({ env: context.env, envFile: context.envFile, identity: context.identity, appVersion: context.appVersion });
if (!loaded.ok) {
  console.error(formatProblems(loaded));
  process.exit(1);
}
const refused = outputDirProblem(outdir);
if (refused) fail(refused);
// The account's audit stack in this region (src/audit/account.ts), checked like every other stack.
const audit = auditFor(loaded.model, loaded.source);
if (!audit.ok) {
  console.error(formatFleetProblems(audit.problems));
  process.exit(1);
}

let summary: string;
try {
  summary = replaceWithFreshDirectory(outdir, (fresh) => {
    const assembly = buildApp(loaded.model, { outdir: fresh, context, audit: audit.account }).app.synth();
    // Read back from the fresh directory, before it takes the output directory's name.
    return summarize(assembly, loaded.model, { outdir, seconds: (performance.now() - started) / 1000, validation: true });
  });
} catch (e) {
  const err = e as Error;
  console.error(`\nSynthesis failed: ${err.message.split('\n')[0]}`);
  if (/Validation failed/.test(err.message)) {
    console.error('The findings are listed above; fix them or acknowledge them with a reason in src/checks/.');
  } else {
    console.error('This is a defect of eks-platform, not of the environment file; please report it with the command you ran.');
  }
  console.error(`Nothing was written to ${outdir}; a previous assembly there is unchanged.`);
  process.exit(1);
}
console.log(summary);
