/**
 * One measured synthesis, run by bin/bench.ts in a fresh process: prints a JSON line with the
 * in-process synth time and the process's peak memory.
 */
import { synthesize } from '../src/synth';

const [, , env = 'dev', validation = 'on', outdir = 'cdk.out'] = process.argv;
const started = performance.now();
const log = console.log;
console.log = () => undefined; // the validation report is printed; the benchmark wants one line
const result = synthesize({ env }, { outdir, validation: validation === 'on' });
console.log = log;
if (!result.ok) process.exit(1);
console.log(JSON.stringify({ synthMs: performance.now() - started, maxRssKb: process.resourceUsage().maxRSS }));
