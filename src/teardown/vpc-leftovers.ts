/**
 * What AWS services put into the environment's VPC outside CloudFormation, which would make the
 * network stack's delete fail ("The subnet ... has dependencies and cannot be deleted"):
 * GuardDuty Runtime Monitoring with automated agent configuration creates, in every VPC that runs
 * a monitored EKS cluster, an interface endpoint (`guardduty-data`) and a security group, both
 * tagged `GuardDutyManaged: true`, and deletes them only when Runtime Monitoring is disabled for
 * the account (GuardDuty User Guide, "Using Infrastructure as Code (IaC) with GuardDuty automated
 * security agents" and "Disabling, uninstalling, and cleaning up resources in Runtime
 * Monitoring"). The audit stack turns that on (`audit.guardDuty: create`), and an organization's
 * detector may have it on in any account (`existing`), so the teardown always looks.
 *
 * It runs after the other stacks of the environment are deleted, before the network stack: with
 * the cluster gone nothing in the VPC is monitored, so GuardDuty does not put them back.
 */
import {
  DeleteSecurityGroupCommand,
  DeleteVpcEndpointsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { errorLine, type StepContext } from './step';

/** The tag GuardDuty puts on the endpoint and the security group it creates. */
export const GUARD_DUTY_MANAGED_TAG = 'GuardDutyManaged';

export interface VpcLeftovers {
  readonly vpcId: string;
  /** GuardDuty's interface endpoints in the VPC, not yet being deleted. */
  readonly endpoints: readonly string[];
  /** Those AWS is deleting: their network interfaces still hold the subnets and the security group. */
  readonly deleting: readonly string[];
  /** GuardDuty's security groups in the VPC. */
  readonly securityGroups: readonly string[];
}

/** The network stack's VPC, found by the tag CloudFormation puts on every resource it creates; undefined once it is gone. */
export async function networkVpc(ec2: EC2Client, networkStack: string): Promise<string | undefined> {
  const res = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:aws:cloudformation:stack-name', Values: [networkStack] }] }));
  return res?.Vpcs?.[0]?.VpcId;
}

const managed = [{ Name: `tag:${GUARD_DUTY_MANAGED_TAG}`, Values: ['true'] }];

/** GuardDuty's endpoints and security groups in the VPC (endpoints already being deleted are not listed). */
export async function vpcLeftovers(ec2: EC2Client, vpcId: string): Promise<VpcLeftovers> {
  const endpoints: string[] = [];
  const deleting: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, ...managed], NextToken }));
    for (const e of page?.VpcEndpoints ?? []) {
      const state = (e.State ?? '').toLowerCase();
      if (!e.VpcEndpointId || state === 'deleted') continue;
      (state === 'deleting' ? deleting : endpoints).push(e.VpcEndpointId);
    }
    NextToken = page?.NextToken;
  } while (NextToken);
  const groups = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, ...managed] }));
  const securityGroups = (groups?.SecurityGroups ?? []).map((g) => g.GroupId).filter((id): id is string => Boolean(id));
  return { vpcId, endpoints: endpoints.sort(), deleting: deleting.sort(), securityGroups: securityGroups.sort() };
}



/**
 * Delete GuardDuty's endpoints, then its security groups, retrying the groups while the endpoints'
 * network interfaces still hold them (DependencyViolation), bounded. Returns the problems; a dry
 * run only lists.
 */
export async function clearVpcLeftovers(ec2: EC2Client, networkStack: string, ctx: StepContext, removed: string[]): Promise<string[]> {
  const { log } = ctx;
  let vpcId: string | undefined;
  let found: VpcLeftovers;
  try {
    vpcId = await networkVpc(ec2, networkStack);
    if (!vpcId) {
      log(`   no VPC of ${networkStack}`);
      return [];
    }
    found = await vpcLeftovers(ec2, vpcId);
  } catch (e) {
    return [`VPC of ${networkStack}: could not look for GuardDuty's endpoint and security group (${errorLine(e)})`];
  }
  if (found.endpoints.length + found.deleting.length + found.securityGroups.length === 0) {
    log(`   nothing of GuardDuty in ${vpcId}`);
    return [];
  }
  for (const id of found.endpoints) log(`   VPC endpoint ${id} (GuardDuty Runtime Monitoring): ${ctx.act ? 'deleting' : 'would delete'}`);
  for (const id of found.deleting) log(`   VPC endpoint ${id} (GuardDuty Runtime Monitoring): already being deleted${ctx.act ? ', waiting for it' : ''}`);
  for (const id of found.securityGroups) log(`   security group ${id} (GuardDuty Runtime Monitoring): ${ctx.act ? 'deleting' : 'would delete'}`);
  const names = [...found.endpoints.map((id) => `VPC endpoint ${id}`), ...found.securityGroups.map((id) => `security group ${id}`)];
  if (!ctx.act) {
    removed.push(...names);
    return [];
  }
  try {
    if (found.endpoints.length > 0) await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [...found.endpoints] }));
  } catch (e) {
    return [`VPC endpoints ${found.endpoints.join(', ')}: could not delete (${errorLine(e)})`];
  }
  // The endpoint's interfaces take a while to go; until then its security group is in use.
  const deadline = ctx.now() + ctx.waitMinutes * 60_000;
  let groups = [...found.securityGroups];
  let last = '';
  for (;;) {
    const left: string[] = [];
    for (const id of groups) {
      try {
        await ec2.send(new DeleteSecurityGroupCommand({ GroupId: id }));
      } catch (e) {
        const name = (e as { name?: string; Code?: string }).name ?? (e as { Code?: string }).Code;
        if (name === 'InvalidGroup.NotFound') continue;
        last = errorLine(e);
        left.push(id);
      }
    }
    groups = left;
    let endpoints: readonly string[] = [];
    try {
      const now = await vpcLeftovers(ec2, vpcId);
      endpoints = [...now.endpoints, ...now.deleting];
    } catch (e) {
      last = errorLine(e);
    }
    if (groups.length === 0 && endpoints.length === 0) break;
    if (ctx.now() >= deadline) {
      return [
        ...endpoints.map((id) => `VPC endpoint ${id} (GuardDuty): still there after ${ctx.waitMinutes} min; delete it (aws ec2 delete-vpc-endpoints --vpc-endpoint-ids ${id}) and run the teardown again`),
        ...groups.map((id) => `security group ${id} (GuardDuty): still in use after ${ctx.waitMinutes} min (${last}); delete it once its endpoint is gone and run the teardown again`),
      ];
    }
    await ctx.sleep(ctx.pollSeconds * 1000);
  }
  for (const n of names) log(`   ${n}: deleted`);
  removed.push(...names);
  return [];
}
