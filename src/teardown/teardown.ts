/**
 * A teardown that leaves nothing behind (SPEC section 12), for environments whose
 * `data.removalPolicy` is `destroy`. In order (in argocd delivery, first: delete the Argo CD
 * Applications whose objects make AWS resources, highest sync wave first, src/teardown/argocd-applications.ts):
 *   1. delete the Kubernetes objects that make AWS resources (NodePools, Services of type
 *      LoadBalancer, Ingresses, PersistentVolumeClaims) while Karpenter, the load balancer
 *      controller and the CSI drivers still run;
 *   2. wait, bounded, until Karpenter's instances and the cluster's load balancers are gone (they
 *      hold network interfaces that would block the deletion of subnets and security groups);
 *   3. delete the image mirror's repositories, which no stack owns, empty the versioned
 *      buckets (the application repositories are emptied by CloudFormation: EmptyOnDelete) and
 *      the backup vault (its recovery points), waiting, bounded, until the vault is empty;
 *   4. run `cdk destroy` for the environment's own stacks (`<project>-<env>-*`): the account's
 *      delivery and audit stacks serve every environment of the account and stay. The network
 *      goes last, after what other services left in its VPC (GuardDuty's endpoint, vpc-leftovers.ts).
 * A dry run (the default) only looks and says what it would do. Whatever fails is reported, and
 * `cdk destroy` runs only when nothing did, so a half-cleaned environment is never half-deleted.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { S3Client } from '@aws-sdk/client-s3';
import type { BackupClient } from '@aws-sdk/client-backup';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { deleteArgoCdApplications } from './argocd-applications';
import { clusterLoadBalancers, countBucket, deleteRepository, emptyBucket, nodePoolInstances, repositoriesUnder } from './aws-resources';
import { describeRef, type KubernetesApi, type ObjectRef } from './kubernetes';
import { deleteRecoveryPoint, recoveryPoints } from './backup-vault';
import type { TeardownTargets } from './targets';
import { clearVpcLeftovers } from './vpc-leftovers';
import { errorLine } from './step';

export interface TeardownClients {
  readonly kubernetes: () => Promise<KubernetesApi>;
  readonly ec2: EC2Client;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly ecr: ECRClient;
  readonly s3: S3Client;
  readonly backup: BackupClient;
  readonly sts: STSClient;
  /** Runs the destroy command; resolves to its exit code. */
  readonly destroy: (command: readonly string[]) => Promise<number>;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly log: (line: string) => void;
}

export interface TeardownOptions {
  /** Act; without it the teardown only looks. */
  readonly confirm: boolean;
  /** How long to wait for instances and load balancers to go. */
  readonly waitMinutes: number;
  readonly pollSeconds: number;
  /** `npx cdk destroy <stacks> --force -c env=...` of the given stacks (args.ts `destroyCommand`, with the same context). */
  readonly destroyCommand: (stacks: readonly string[]) => readonly string[];
}

export interface TeardownReport {
  /** Set when the teardown refused to start. */
  readonly refused?: string;
  /** What was removed (or, in a dry run, would be). */
  readonly removed: readonly string[];
  /** What it could not remove, each with the reason. */
  readonly problems: readonly string[];
  readonly destroyed: boolean;
  readonly exitCode: number;
}


export async function teardown(t: TeardownTargets, clients: TeardownClients, options: TeardownOptions): Promise<TeardownReport> {
  const { log } = clients;
  const act = options.confirm;
  const removed: string[] = [];
  const problems: string[] = [];
  const refuse = (reason: string): TeardownReport => {
    log(`Refused: ${reason}`);
    return { refused: reason, removed, problems, destroyed: false, exitCode: 1 };
  };

  log(`Teardown of ${t.envName} (cluster ${t.clusterName}, account ${t.account}, ${t.region})${act ? '' : ': DRY RUN, nothing is changed (add --confirm to act)'}`);
  if (t.retain) {
    return refuse(`${t.envName} keeps its data (data.removalPolicy is "retain"); teardown deletes data and only runs where the environment file says "destroy"`);
  }
  try {
    const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
    if (identity.Account !== t.account) return refuse(`the AWS credentials are for account ${identity.Account}, but ${t.envName} deploys to ${t.account}`);
  } catch (e) {
    return refuse(`no usable AWS credentials (${errorLine(e)})`);
  }

  // Steps are numbered as they run: argocd delivery has one more.
  let step = 0;
  const next = () => `${++step}.`;
  let client: Promise<KubernetesApi> | undefined;
  const kubernetes = () => (client ??= clients.kubernetes());

  // 0. In argocd delivery, the Applications that would put those objects back (self-heal).
  if (t.argoApplications.length > 0) {
    log(`${next()} Argo CD Applications whose objects make AWS resources, highest sync wave first (${act ? `each wave waited for up to ${options.waitMinutes} min` : 'as they are now'})`);
    const argo = await deleteArgoCdApplications(t.argoApplications, kubernetes, { act, waitMinutes: options.waitMinutes, pollSeconds: options.pollSeconds, sleep: clients.sleep, now: clients.now, log });
    removed.push(...argo.removed);
    problems.push(...argo.problems);
  }

  // 1. Kubernetes objects that make AWS resources, while their controllers still run.
  log(`${next()} Kubernetes objects that make AWS resources (their controllers remove what they made)`);
  try {
    const k8s = await kubernetes();
    const kinds: Array<[string, () => Promise<ObjectRef[]>, (r: ObjectRef) => Promise<void>]> = [
      ['NodePool', () => k8s.listNodePools(), (r) => k8s.deleteNodePool(r.name)],
      ['Service (LoadBalancer)', () => k8s.listLoadBalancerServices(), (r) => k8s.deleteService(r)],
      ['Ingress', () => k8s.listIngresses(), (r) => k8s.deleteIngress(r)],
      // Deleted now, a claim still in use goes once its pod does (when the stacks are deleted),
      // while the CSI drivers still run to delete its volume.
      ['PersistentVolumeClaim', () => k8s.listPersistentVolumeClaims(), (r) => k8s.deletePersistentVolumeClaim(r)],
    ];
    for (const [kind, list, remove] of kinds) {
      let refs: ObjectRef[];
      try {
        refs = await list();
      } catch (e) {
        problems.push(`${kind}: could not list (${errorLine(e)})`);
        continue;
      }
      for (const ref of refs) {
        const what = describeRef(kind, ref);
        if (!act) {
          log(`   ${what}: would delete`);
          removed.push(what);
          continue;
        }
        try {
          await remove(ref);
          log(`   ${what}: deleted`);
          removed.push(what);
        } catch (e) {
          problems.push(`${what}: could not delete (${errorLine(e)})`);
        }
      }
      if (refs.length === 0) log(`   no ${kind}`);
    }
  } catch (e) {
    problems.push(`Kubernetes API of ${t.clusterName}: unreachable (${errorLine(e)}); its NodePools, load balancer Services and Ingresses may still exist`);
  }

  // 2. Bounded wait for what the controllers remove.
  log(`${next()} Karpenter's instances and the cluster's load balancers (${act ? `waiting up to ${options.waitMinutes} min` : 'as they are now'})`);
  const deadline = clients.now() + options.waitMinutes * 60_000;
  for (;;) {
    let instances: string[];
    let balancers: string[];
    try {
      [instances, balancers] = await Promise.all([nodePoolInstances(clients.ec2, t.clusterName), clusterLoadBalancers(clients.elbv2, t.clusterName)]);
    } catch (e) {
      problems.push(`instances and load balancers: could not look them up (${errorLine(e)})`);
      break;
    }
    log(`   ${instances.length} instance(s)${instances.length ? ` (${instances.join(', ')})` : ''}, ${balancers.length} load balancer(s)${balancers.length ? ` (${balancers.map((a) => a.split('/').slice(-2, -1)[0]).join(', ')})` : ''}`);
    if (instances.length + balancers.length === 0) break;
    if (!act) {
      log('   a confirmed run waits for these to go before it continues');
      break;
    }
    if (clients.now() >= deadline) {
      for (const id of instances) problems.push(`instance ${id} (NodePool node): still there after ${options.waitMinutes} min; terminate it, or check Karpenter's logs`);
      for (const arn of balancers) problems.push(`load balancer ${arn}: still there after ${options.waitMinutes} min; delete it, or check the load balancer controller's logs`);
      break;
    }
    await clients.sleep(options.pollSeconds * 1000);
  }

  // 3. Data that would stop CloudFormation's delete.
  log(`${next()} Repositories the image mirror created (no stack owns them), versioned buckets and the backup vault`);
  try {
    for (const name of await repositoriesUnder(clients.ecr, t.mirrorPrefixes)) {
      if (!act) {
        log(`   repository ${name}: would delete with its images`);
        removed.push(`repository ${name}`);
        continue;
      }
      try {
        await deleteRepository(clients.ecr, name);
        log(`   repository ${name}: deleted`);
        removed.push(`repository ${name}`);
      } catch (e) {
        problems.push(`repository ${name}: could not delete (${errorLine(e)})`);
      }
    }
  } catch (e) {
    problems.push(`image mirror repositories: could not list (${errorLine(e)})`);
  }
  if (t.applicationRepositories.length > 0) log(`   ${t.applicationRepositories.join(', ')}: emptied by CloudFormation (EmptyOnDelete)`);
  for (const bucket of t.buckets) {
    try {
      const contents = await countBucket(clients.s3, bucket);
      if (contents === 'missing') {
        log(`   bucket ${bucket}: already gone`);
      } else if (!act) {
        log(`   bucket ${bucket}: ${contents.versions} version(s) and delete marker(s), would empty`);
        removed.push(`bucket ${bucket} contents`);
      } else {
        const deleted = await emptyBucket(clients.s3, bucket);
        log(`   bucket ${bucket}: ${deleted} version(s) and delete marker(s) deleted`);
        removed.push(`bucket ${bucket} contents`);
      }
    } catch (e) {
      problems.push(`bucket ${bucket}: could not empty (${errorLine(e)})`);
    }
  }

  await emptyVault(t, clients, options, act, removed, problems);

  // 4. CloudFormation, only on a clean slate; the network last, once its VPC holds only its own.
  log(`${next()} Stacks, the network last`);
  const destroyed = await destroyStacks(t, clients, options, act, removed, problems);

  log('');
  if (problems.length === 0) {
    log(act ? `Done: ${removed.length} object(s) removed before the stacks, and every stack of ${t.envName} destroyed.` : `Dry run: ${removed.length} object(s) would be removed, then the stacks destroyed. Run again with --confirm.`);
  } else {
    log(`Could not remove (${problems.length}):`);
    for (const p of problems) log(`  - ${p}`);
    log(act ? 'The stacks were not destroyed, or not all of them. Fix these and run the teardown again; it is safe to repeat.' : 'A confirmed run would not destroy the stacks until these are fixed.');
  }
  return { removed, problems, destroyed, exitCode: problems.length === 0 ? 0 : 1 };
}

/**
 * Delete the recovery points of the environment's backup vault and wait, bounded, until AWS
 * Backup has finished deleting them: CloudFormation fails to delete a vault that holds any.
 */
async function emptyVault(t: TeardownTargets, clients: TeardownClients, options: TeardownOptions, act: boolean, removed: string[], problems: string[]): Promise<void> {
  const { log } = clients;
  const vault = t.backupVault;
  try {
    const points = await recoveryPoints(clients.backup, vault);
    if (points === 'missing') {
      log(`   backup vault ${vault}: already gone`);
      return;
    }
    if (!act) {
      log(`   backup vault ${vault}: ${points.length} recovery point(s), would delete`);
      if (points.length) removed.push(`backup vault ${vault} recovery points`);
      return;
    }
    for (const arn of points) await deleteRecoveryPoint(clients.backup, vault, arn);
    const deadline = clients.now() + options.waitMinutes * 60_000;
    for (;;) {
      const left = await recoveryPoints(clients.backup, vault);
      if (left === 'missing' || left.length === 0) break;
      if (clients.now() >= deadline) {
        problems.push(`backup vault ${vault}: ${left.length} recovery point(s) still there after ${options.waitMinutes} min (a backup job may be running); run the teardown again`);
        return;
      }
      await clients.sleep(options.pollSeconds * 1000);
    }
    log(`   backup vault ${vault}: ${points.length} recovery point(s) deleted`);
    if (points.length) removed.push(`backup vault ${vault} recovery points`);
  } catch (e) {
    problems.push(`backup vault ${vault}: could not empty (${errorLine(e)})`);
  }
}

/**
 * `cdk destroy` of every stack but the network, then GuardDuty's endpoint and security group in
 * the VPC (they would stop the subnets' delete), then the network. Nothing runs once a problem is
 * known: a half-cleaned environment is never half-deleted.
 */
async function destroyStacks(t: TeardownTargets, clients: TeardownClients, options: TeardownOptions, act: boolean, removed: string[], problems: string[]): Promise<boolean> {
  const { log } = clients;
  const first = options.destroyCommand(t.stacksBeforeNetwork).join(' ');
  const last = options.destroyCommand([t.networkStack]).join(' ');
  const leftovers = { act, waitMinutes: options.waitMinutes, pollSeconds: options.pollSeconds, sleep: clients.sleep, now: clients.now, log };
  if (!act) {
    log(`   would run: ${first}`);
    log(`   then look in the VPC for what GuardDuty left (as it is now):`);
    problems.push(...(await clearVpcLeftovers(clients.ec2, t.networkStack, leftovers, removed)));
    log(`   then run: ${last}`);
    return false;
  }
  if (problems.length > 0) {
    log(`   not running ${first}: ${problems.length} problem(s) above would make it fail halfway`);
    return false;
  }
  const run = async (command: readonly string[]): Promise<boolean> => {
    log(`   running: ${command.join(' ')}`);
    const code = await clients.destroy(command);
    if (code !== 0) problems.push(`cdk destroy exited with ${code}; see its output above, fix the cause and run the teardown again (it is safe to repeat)`);
    return code === 0;
  };
  if (!(await run(options.destroyCommand(t.stacksBeforeNetwork)))) return false;
  const left = await clearVpcLeftovers(clients.ec2, t.networkStack, leftovers, removed);
  if (left.length > 0) {
    problems.push(...left);
    log(`   not running ${last}: the VPC still holds what GuardDuty made`);
    return false;
  }
  return run(options.destroyCommand([t.networkStack]));
}
