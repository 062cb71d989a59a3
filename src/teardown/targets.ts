/**
 * What a teardown of one environment acts on, derived from its resolved model (never from what
 * happens to exist in the account): the cluster whose NodePools, load balancers and instances it
 * cleans up, the buckets it empties, the repositories the image mirror created outside
 * CloudFormation, and whether the environment may be destroyed at all.
 */
import type { PlatformModel } from '../config/model';
import { argoCdTeardownWaves, type ArgoApplicationWave } from './argocd-applications';
import { APPLICATION_LIFECYCLE, INFRASTRUCTURE_LIFECYCLES, stackId } from '../stack-names';

export interface TeardownTargets {
  readonly envName: string;
  readonly project: string;
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly clusterName: string;
  /** `data.removalPolicy: retain`: the environment keeps its data, and teardown refuses it. */
  readonly retain: boolean;
  /** Versioned buckets of the data stack, emptied before CloudFormation deletes them; the access-log bucket last. */
  readonly buckets: readonly string[];
  /**
   * Name prefixes of the repositories ECR's pull-through cache rules create on first pull
   * (`<env>/<registry>/...`): no stack owns them, so nothing else deletes them.
   */
  readonly mirrorPrefixes: readonly string[];
  /** The repositories of the data stack: CloudFormation empties them (EmptyOnDelete), listed for the report. */
  readonly applicationRepositories: readonly string[];
  /** The environment's AWS Backup vault, whose recovery points would stop CloudFormation deleting it. */
  readonly backupVault: string;
  /**
   * The environment's stacks but the network, destroyed first (src/stack-names.ts names them). Only
   * the environment's own: the account's delivery and audit stacks serve every environment of the
   * account and outlive each of them.
   */
  readonly stacksBeforeNetwork: readonly string[];
  /** The network stack, destroyed last, once what other services left in its VPC is gone (vpc-leftovers.ts). */
  readonly networkStack: string;
  /** In argocd delivery, the Applications deleted before anything else, highest sync wave first; empty otherwise. */
  readonly argoApplications: readonly ArgoApplicationWave[];
}

export function teardownTargets(model: PlatformModel): TeardownTargets {
  const { buckets } = model.data;
  return {
    envName: model.envName,
    project: model.project,
    account: model.account,
    region: model.region,
    partition: model.identity.scope.partition,
    clusterName: model.cluster.name,
    retain: model.data.retain,
    // Access logs last: emptying the other buckets is itself logged into it.
    buckets: [buckets.backend, buckets.infra, buckets.accessLogs],
    mirrorPrefixes: model.charts.mirror.enabled ? model.charts.mirror.rules.map((r) => `${r.prefix}/`) : [],
    applicationRepositories: model.data.registry.repositories.map((r) => r.name),
    backupVault: model.data.backup.name,
    stacksBeforeNetwork: [APPLICATION_LIFECYCLE, ...INFRASTRUCTURE_LIFECYCLES.filter((l) => l !== 'network').reverse()].map((l) => stackId(model, l)),
    networkStack: stackId(model, 'network'),
    argoApplications: argoCdTeardownWaves(model),
  };
}

/** The cluster's ARN, which `aws eks update-kubeconfig` names its kubeconfig context after. */
export function clusterArn(t: TeardownTargets): string {
  return `arn:${t.partition}:eks:${t.region}:${t.account}:cluster/${t.clusterName}`;
}
