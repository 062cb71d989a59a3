/**
 * One measured synthesis, run by bin/bench.ts in a fresh process: prints a JSON line with the
 * in-process synth time and the process's peak memory. It writes only into the new or empty
 * directory bench.ts made for it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { fail } from '../src/cli-args';
import { synthesize } from '../src/synth';

const [, , env = 'dev', validation = 'on', outdir] = process.argv;
if (!outdir || (existsSync(outdir) && readdirSync(outdir).length > 0)) fail('bench-synth writes only into a new or empty directory given as its third argument (bin/bench.ts makes one)');
const started = performance.now();
const log = console.log;
console.log = () => undefined; // the validation report is printed; the benchmark wants one line
const result = synthesize({ env }, { outdir, validation: validation === 'on' });
console.log = log;
if (!result.ok) process.exit(1);
const cpu = process.cpuUsage();
// CPU time as well as wall time: on a shared machine the wall time also measures the neighbours.
console.log(JSON.stringify({ synthMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: process.resourceUsage().maxRSS }));
