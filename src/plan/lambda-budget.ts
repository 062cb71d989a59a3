/**
 * Every Helm release runs inside one call of the kubectl provider's handler Lambda, which
 * aws-cdk-lib gives 15 minutes (aws-eks-v2 KubectlProvider: `timeout: Duration.minutes(15)`).
 * A release whose Helm wait runs out that clock is killed mid-install: CloudFormation waits for
 * a response that never comes, then fails, and the release is left half-applied. The handler
 * (aws-cdk-lib custom-resource-handlers/dist/aws-eks-v2/kubectl-handler/helm/__init__.py) does
 * its own work before Helm starts waiting; this rule budgets that work and rejects a catalog entry
 * whose timeout would not end well inside the limit. aws-cdk-lib itself only refuses timeouts
 * above 900 s, which is exactly the case that overruns.
 */
import type { GraphProblem } from './graph';

/** The kubectl handler Lambda's limit, in seconds. */
export const LAMBDA_LIMIT_SECONDS = 15 * 60;

/** Helm's wait when a catalog entry names none. */
export const DEFAULT_HELM_TIMEOUT_SECONDS = 600;

/** What the handler does in the same call besides `helm upgrade --install --wait`, in seconds. */
export const HANDLER_WORK: ReadonlyArray<{ readonly step: string; readonly seconds: number }> = [
  { step: 'cold start of a VPC Lambda that loads the kubectl, Helm and AWS CLI layers', seconds: 20 },
  { step: 'kubeconfig: `aws eks update-kubeconfig` (the AWS CLI starts, then DescribeCluster)', seconds: 10 },
  { step: 'registry login for OCI charts: `aws ecr get-login-password` piped to `helm registry login`', seconds: 15 },
  { step: 'chart pull: `helm pull` of an OCI chart (retried up to 3 times on a broken pipe), or the repository index and archive', seconds: 60 },
  { step: 'the response to CloudFormation after Helm returns', seconds: 5 },
];

/** What "well inside" means: room for a slow registry, a throttled API, a slow image pull near the end. */
export const SAFETY_MARGIN_SECONDS = 120;

export const HANDLER_WORK_SECONDS = HANDLER_WORK.reduce((n, w) => n + w.seconds, 0);

/** The longest Helm timeout this rule accepts. */
export const MAX_HELM_TIMEOUT_SECONDS = LAMBDA_LIMIT_SECONDS - HANDLER_WORK_SECONDS - SAFETY_MARGIN_SECONDS;

export interface TimedEntry {
  readonly id: string;
  readonly kind: 'helm' | 'manifest';
  readonly timeoutSeconds?: number;
}

/** Helm entries of the enabled catalog whose wait plus the handler's work does not end well inside the Lambda limit. */
export function helmTimeoutProblems(entries: readonly TimedEntry[], enabled: ReadonlySet<string>): GraphProblem[] {
  const problems: GraphProblem[] = [];
  for (const entry of entries) {
    if (entry.kind !== 'helm' || !enabled.has(entry.id)) continue;
    const timeout = entry.timeoutSeconds ?? DEFAULT_HELM_TIMEOUT_SECONDS;
    if (Number.isInteger(timeout) && timeout > 0 && timeout <= MAX_HELM_TIMEOUT_SECONDS) continue;
    problems.push({
      id: entry.id,
      message:
        `asks Helm to wait ${timeout} s, but the release runs in one call of the kubectl handler Lambda (limit ${LAMBDA_LIMIT_SECONDS} s), ` +
        `which also spends about ${HANDLER_WORK_SECONDS} s on its own work (cold start, kubeconfig, registry login, chart pull) and keeps ${SAFETY_MARGIN_SECONDS} s in reserve: ` +
        `set timeoutSeconds of the catalog entry (src/charts/catalog/${entry.id}.ts) to a whole number of seconds from 1 to ${MAX_HELM_TIMEOUT_SECONDS}`,
    });
  }
  return problems;
}
