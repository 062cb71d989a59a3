/**
 * cfn-guard runs beside the main thread. aws-cdk-lib calls validation plugins one after the other
 * and synchronously, so the Control Tower rules (cfn-guard, a separate process per template) and
 * CloudFormation's validation (WebAssembly, on the main thread) would take turns on an idle second
 * core. Here the package's own `CfnGuardValidator` runs in a worker thread while the main thread
 * does other work (`during`: the CloudFormation validation, prepared ahead), and the main thread
 * then waits for the worker synchronously (Atomics.wait on a shared flag, the results read with
 * receiveMessageOnPort), so the plugin still returns its report synchronously.
 *
 * The worker runs the same package with the same options as the main thread would, and a worker
 * that fails to finish in time is given up on and the work redone on the main thread.
 */
import type { PolicyViolation } from 'aws-cdk-lib';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

export interface GuardJob {
  readonly templatePath: string;
  readonly disabledRules: readonly string[];
}

export type GuardOutcome = { readonly violations: PolicyViolation[] } | { readonly error: string };

/** The structured output of a large template passes Node's 1 MiB default. */
export const GUARD_MAX_BUFFER = 256 * 1024 * 1024;
/** Longer than cfn-guard ever takes on the platform's templates; then the main thread does it. */
const WAIT_MS = 10 * 60_000;

// Plain CommonJS (no TypeScript loader in the worker): every job, then one message and the flag.
const WORKER = `
const { workerData } = require('node:worker_threads');
const { jobs, packagePath, port, flag, maxBuffer } = workerData;
const outcomes = [];
try {
  const { CfnGuardValidator } = require(packagePath);
  for (const job of jobs) {
    try {
      const guard = new CfnGuardValidator({ disabledRules: job.disabledRules, maxBuffer });
      outcomes.push({ violations: guard.validate({ templatePaths: [job.templatePath] }).violations });
    } catch (e) {
      outcomes.push({ error: String((e && e.message) || e) });
    }
  }
} catch (e) {
  while (outcomes.length < jobs.length) outcomes.push({ error: String((e && e.message) || e) });
}
port.postMessage(outcomes);
Atomics.store(flag, 0, 1);
Atomics.notify(flag, 0);
`;

/**
 * Run the jobs in a worker while `during` runs here; their outcomes, in order, or undefined if the
 * worker did not answer (the caller then runs them itself).
 */
export function guardBeside(jobs: readonly GuardJob[], during: () => void): GuardOutcome[] | undefined {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER, {
    eval: true,
    execArgv: [],
    workerData: { jobs, packagePath: require.resolve('@cdklabs/cdk-validator-cfnguard'), port: port2, flag, maxBuffer: GUARD_MAX_BUFFER },
    transferList: [port2],
  });
  worker.unref();
  let message: { message: unknown } | undefined;
  try {
    during();
  } finally {
    // Whatever `during` did, the worker is waited for (or given up on) before this returns.
    if (Atomics.wait(flag, 0, 0, WAIT_MS) !== 'timed-out') message = receiveMessageOnPort(port1);
    port1.close();
    void worker.terminate();
  }
  return message?.message as GuardOutcome[] | undefined;
}
