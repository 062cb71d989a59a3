/**
 * The benchmark (npm run bench): speed and size figures for the default environment, printed,
 * never asserted. Each synth runs in a fresh process started as `npm start` starts it (tsx, with
 * V8's compile cache kept across runs by v8-compile-cache: aws-cdk-lib is a lot of JavaScript).
 * Then the two commands people run, `npm start` and `npx cdk synth`, timed as a whole
 * (alternating, so both see the same load), and the modelled deploy time of dev and prod.
 *
 * Validated runs are measured twice: cold (an empty validation cache every run: what CI and a
 * first run pay) and warm (the cache filled by an unmeasured run: a developer re-running an
 * unchanged synth). The benchmark uses its own cache directories, never the developer's.
 *
 *   npm run bench                 # 5 runs per mode
 *   npm run bench -- --runs 9 -c env=prod
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { countMovingParts, deployOrder, resourcesOf, resourcesOfType } from '../src/report/assembly';
import { DEPLOY_TARGET_MINUTES, deployPlan } from '../src/plan/deploy-plan';
import { criticalStacksText } from '../src/plan/deploy-report';
import { synthesize } from '../src/synth';
import { fail } from '../src/cli-args';
import { argumentsNpmKept } from '../src/cli/npm-args';

// Lambdas: kubectl handler and provider, CfnJson in the cluster and application stacks (IRSA conditions), default SG restriction.
const TARGETS = { noValidationS: 2.5, validationS: 5, peakMb: 600, lambdas: 5, kubectlLayers: 1, mainJobS: 5 };

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const kept = argumentsNpmKept();
if (kept) fail(kept);
const runs = Number(arg('--runs', '5'));
if (!Number.isInteger(runs) || runs < 1) fail('--runs takes a whole number of runs, such as 5');
const env = (process.argv.find((a) => a.startsWith('env=')) ?? 'env=dev').slice(4);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function bytes(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((n, f) => n + bytes(join(path, f)), 0);
}

/** The validation cache for one run: a new empty directory (cold) or the filled one (warm). */
const cacheRoot = mkdtempSync(join(tmpdir(), 'bench-cache-'));
const coldCache = () => ({ EKS_PLATFORM_VALIDATION_CACHE: mkdtempSync(join(cacheRoot, 'cold-')) });
const warmCache = { EKS_PLATFORM_VALIDATION_CACHE: join(cacheRoot, 'warm') };

function measure(validation: 'on' | 'off', cache: () => Record<string, string> = coldCache, count = runs) {
  const wall: number[] = [];
  const synth: number[] = [];
  const rss: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < count; i++) {
    const out = mkdtempSync(join(tmpdir(), 'bench-'));
    const started = performance.now();
    const r = spawnSync(process.execPath, ['-r', 'v8-compile-cache', '--import', 'tsx', resolve(__dirname, 'bench-synth.ts'), env, validation, out], {
      encoding: 'utf8',
      env: { ...process.env, ...cache() },
    });
    const elapsed = performance.now() - started;
    rmSync(out, { recursive: true, force: true });
    if (r.status !== 0) throw new Error(`synth failed:\n${r.stderr}`);
    const line = JSON.parse(r.stdout.trim().split('\n').pop()!);
    wall.push(elapsed / 1000);
    synth.push(line.synthMs / 1000);
    rss.push(line.maxRssKb / 1024);
    cpu.push(line.cpuMs / 1000);
  }
  return { wall: median(wall), wallMin: Math.min(...wall), wallMax: Math.max(...wall), synth: median(synth), cpu: median(cpu), peak: Math.max(...rss), medianRss: median(rss) };
}

const verdict = (ok: boolean) => (ok ? 'ok' : 'OVER TARGET');

// The machine's load, so that a figure taken on a busy shared machine says so.
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
console.log(`eks-platform benchmark: environment ${env}, ${runs} runs per mode, ${process.arch}, node ${process.version}, ${cpus().length} cores, load average ${load()}\n`);
const off = measure('off');
const on = measure('on');
measure('on', () => warmCache, 1); // fills the warm cache; not reported
const warm = measure('on', () => warmCache);
console.log('Synthesis (fresh process each run; medians)');
const range = (m: { wallMin: number; wallMax: number }) => `range ${m.wallMin.toFixed(2)}-${m.wallMax.toFixed(2)} s`;
const row = (label: string, m: ReturnType<typeof measure>, target: number) =>
  console.log(`  ${label.padEnd(34)}${m.wall.toFixed(2)} s wall (${range(m)}; ${m.synth.toFixed(2)} s in synth, ${m.cpu.toFixed(2)} s CPU), peak ${m.peak.toFixed(0)} MB   target < ${target} s: ${verdict(m.wall < target)}`);
row('without validation:', off, TARGETS.noValidationS);
row('with validation, cold cache:', on, TARGETS.validationS);
row('with validation, warm cache:', warm, TARGETS.validationS);
console.log(`  load average after the runs: ${load()} (above the core count, the figures measure the other work on the machine too)`);
const peak = Math.max(off.peak, on.peak, warm.peak);
console.log(`  peak memory (max over all runs): ${peak.toFixed(0)} MB   target < ${TARGETS.peakMb} MB: ${verdict(peak < TARGETS.peakMb)}`);

const out = mkdtempSync(join(tmpdir(), 'bench-size-'));
const log = console.log;
console.log = () => undefined;
process.env.EKS_PLATFORM_VALIDATION_CACHE = warmCache.EKS_PLATFORM_VALIDATION_CACHE; // not the developer's cache
const result = synthesize({ env }, { outdir: out, validation: true });
console.log = log;
if (!result.ok) throw new Error('environment invalid');
const moving = countMovingParts(result.assembly);
const kubectlLayers = result.assembly.stacks.reduce(
  (n, s) => n + resourcesOfType(s, 'AWS::Lambda::LayerVersion').filter(([, r]) => /kubectl/i.test(JSON.stringify(r.Properties ?? {}))).length,
  0,
);
console.log('\nSize');
for (const s of deployOrder(result.assembly)) {
  console.log(`  ${s.stackName.padEnd(24)} ${String(Object.keys(resourcesOf(s)).length).padStart(4)} resources  ${(bytes(s.templateFullPath) / 1024).toFixed(1).padStart(7)} KiB template`);
}
console.log(`  Lambda functions: ${moving.lambdas} (target <= ${TARGETS.lambdas}: ${verdict(moving.lambdas <= TARGETS.lambdas)})`);
console.log(`  custom resources: ${moving.customResources}`);
console.log(`  kubectl layer copies: ${kubectlLayers} (target <= ${TARGETS.kubectlLayers}: ${verdict(kubectlLayers <= TARGETS.kubectlLayers)})`);
console.log(`  cloud assembly: ${(bytes(out) / 1024).toFixed(0)} KiB`);
rmSync(out, { recursive: true, force: true });

/** One wall-clock run of a command people type, in seconds (it must succeed). */
function timed(command: string, args: string[], cache: Record<string, string>): number {
  const started = performance.now();
  const r = spawnSync(command, args, { cwd: resolve(__dirname, '..'), encoding: 'utf8', env: { ...process.env, ...cache } });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${r.stderr}`);
  return (performance.now() - started) / 1000;
}

console.log(`\nMain job and CLI, ${env} (whole commands, alternating, ${runs} runs each; load average before: ${loadavg()[0].toFixed(1)})`);
const commandsOut = mkdtempSync(join(tmpdir(), 'bench-commands-'));
const startArgs = ['start', '--silent', '--', '-c', `env=${env}`, '--output', join(commandsOut, 'start')];
const cliArgs = ['cdk', 'synth', '--quiet', '-c', `env=${env}`, '--output', join(commandsOut, 'cli')];
// Fill the warm cache for both commands (the CLI's templates differ from npm start's: the CLI adds
// its own metadata), unmeasured.
timed('npm', startArgs, warmCache);
timed('npx', cliArgs, warmCache);
const times = { startCold: [] as number[], cliCold: [] as number[], startWarm: [] as number[], cliWarm: [] as number[] };
for (let i = 0; i < runs; i++) {
  times.startCold.push(timed('npm', startArgs, coldCache()));
  times.cliCold.push(timed('npx', cliArgs, coldCache()));
  times.startWarm.push(timed('npm', startArgs, warmCache));
  times.cliWarm.push(timed('npx', cliArgs, warmCache));
}
rmSync(commandsOut, { recursive: true, force: true });
rmSync(cacheRoot, { recursive: true, force: true });
const fmt = (xs: number[]) => `median ${median(xs).toFixed(2)} s (min ${Math.min(...xs).toFixed(2)}, max ${Math.max(...xs).toFixed(2)})`;
for (const [label, startTimes, cliTimes] of [
  ['cold cache', times.startCold, times.cliCold],
  ['warm cache', times.startWarm, times.cliWarm],
] as const) {
  console.log(`  npm start (validation and cdk-nag), ${label}: ${fmt(startTimes)}   target < ${TARGETS.mainJobS} s: ${verdict(median(startTimes) < TARGETS.mainJobS)}`);
  console.log(`  npx cdk synth, ${label}:                       ${fmt(cliTimes)}   target <= npm start: ${verdict(median(cliTimes) <= median(startTimes))}`);
}
console.log(`  load average after: ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores; the CPU is shared, so compare medians of the same run`);
console.log('  (cold: an empty validation cache every run, as CI and a first run; warm: the cache filled, as an unchanged re-run)');

console.log('\nModelled deploy (critical path through stacks and resources; npm run plan shows it)');
// As shipped (no application version: `cdk deploy --all` of the README), then with the application's
// release in the same deploy (a sample tag; the images need not exist to model it).
for (const appVersion of [undefined, '1.0.0']) {
  for (const name of ['dev', 'prod']) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-plan-'));
    console.log = () => undefined;
    const r = synthesize({ env: name, appVersion }, { outdir: dir, validation: false });
    console.log = log;
    if (!r.ok) throw new Error(`environment ${name} invalid`);
    const plan = deployPlan(r.assembly); // reads the templates, so before the directory goes
    rmSync(dir, { recursive: true, force: true });
    const label = `${name}${appVersion ? ' +app' : ''}`;
    console.log(
      `  ${label.padEnd(9)} ${plan.total.toFixed(1).padStart(5)} min   target <= ${DEPLOY_TARGET_MINUTES} min: ${verdict(plan.total <= DEPLOY_TARGET_MINUTES)}   ${criticalStacksText(plan, `${r.model.project}-${name}-`)}`,
    );
  }
}
console.log('  (+app: with an application version, the release of charts/application in the same deploy)');
