/**
 * The compliance report of one environment: synthesizes it (with its account's delivery and audit
 * stacks) into a private directory with every check on, prints per pack the rules that pass, the
 * findings fixed and each acknowledgement with its reason, and writes docs/compliance-<env>.md
 * for a shipped environment (for a file of the user's, only where `--output FILE` says). Exits 1
 * when a finding is not addressed (the report then shows it).
 *
 *   npm run compliance                  # dev
 *   npm run compliance -- -c env=prod
 *   npm run compliance -- -c envFile=./my-env.json --output ./my-env-compliance.md
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fail, parseArgs } from '../src/cli-args';
import { formatProblems } from '../src/config/load';
import { complianceDoc, complianceLines } from '../src/compliance/compliance-doc';
import { synthesizeCompliance } from '../src/compliance/synthesize';

const { context, outdir: output } = parseArgs(process.argv.slice(2), '');
const result = synthesizeCompliance({ env: context.env, envFile: context.envFile, identity: context.identity, appVersion: context.appVersion }, context);
if (!result.ok) {
  console.error(formatProblems(result.config));
  process.exit(1);
}
const { report } = result;
const file = output ? resolve(output) : context.envFile ? undefined : resolve(__dirname, '..', `docs/compliance-${report.envName}.md`);
const isReport = (f: string) => statSync(f).isFile() && /^# Compliance report: /.test(readFileSync(f, 'utf8').slice(0, 100));
if (file && existsSync(file) && !isReport(file)) fail(`${output} exists and is not a compliance report written by npm run compliance (or is not a file); choose a new file name`);

console.log(complianceLines(report).join('\n'));
if (file) {
  writeFileSync(file, complianceDoc(report));
  console.log(`\nReport written to ${output || `docs/compliance-${report.envName}.md`}`);
}
if (!result.passed) {
  const open = report.packs.some((p) => p.findings.some((r) => r.unaddressed.length > 0));
  console.error(
    open
      ? '\nThe synth fails: the findings marked NOT ADDRESSED need a fix or an acknowledgement with its reason in src/checks/.'
      : '\nThe synth fails, but not on a finding of these checks: run npm start for the CloudFormation validation report.',
  );
  process.exit(1);
}
