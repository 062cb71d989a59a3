/**
 * The teardown's last clean-up before the network stack: what GuardDuty Runtime Monitoring made in
 * the environment's VPC (src/teardown/vpc-leftovers.ts), against a mocked EC2 client; and, through
 * the whole command, that the network stack is destroyed last and never while they remain.
 */
import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DeleteSecurityGroupCommand,
  DeleteVpcEndpointsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { clearVpcLeftovers } from '../src/teardown/vpc-leftovers';
import type { StepContext } from '../src/teardown/step';

const ec2 = mockClient(EC2Client);
const client = new EC2Client({ region: 'eu-west-1' });
let clock: number;
let lines: string[];
let calls: string[];

const ctx = (act: boolean): StepContext => ({
  act,
  waitMinutes: 2,
  pollSeconds: 15,
  sleep: async (ms) => {
    clock += ms;
  },
  now: () => clock,
  log: (l) => lines.push(l),
});

class DependencyViolation extends Error {
  override name = 'DependencyViolation';
}

/** A VPC with GuardDuty's endpoint and group; the endpoint goes `looks` looks after its delete, the group can be deleted once it has. */
function guardDutyWorld(looksUntilGone: number) {
  let deleted = false;
  let looks = 0;
  ec2.on(DescribeVpcsCommand).callsFake((input) => {
    calls.push(`DescribeVpcs ${input.Filters[0].Name}=${input.Filters[0].Values[0]}`);
    return { Vpcs: [{ VpcId: 'vpc-0dev' }] };
  });
  ec2.on(DescribeVpcEndpointsCommand).callsFake((input) => {
    calls.push(`DescribeVpcEndpoints ${input.Filters.map((f: { Name: string; Values: string[] }) => `${f.Name}=${f.Values[0]}`).join(' ')}`);
    if (deleted) looks++;
    const gone = deleted && looks > looksUntilGone;
    return { VpcEndpoints: gone ? [] : [{ VpcEndpointId: 'vpce-0gd', State: deleted ? 'Deleting' : 'Available' }] };
  });
  ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0gd' }] });
  ec2.on(DeleteVpcEndpointsCommand).callsFake((input) => {
    calls.push(`DeleteVpcEndpoints ${input.VpcEndpointIds.join(',')}`);
    deleted = true;
    return {};
  });
  ec2.on(DeleteSecurityGroupCommand).callsFake((input) => {
    calls.push(`DeleteSecurityGroup ${input.GroupId}`);
    if (!deleted || looks <= looksUntilGone) throw new DependencyViolation('resource sg-0gd has a dependent object');
    return {};
  });
}

beforeEach(() => {
  ec2.reset();
  clock = 0;
  lines = [];
  calls = [];
});

describe('GuardDuty leftovers in the VPC', () => {
  it('finds the VPC by the network stack tag and does nothing when GuardDuty made nothing', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-0dev' }] });
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    const removed: string[] = [];
    assert.deepEqual(await clearVpcLeftovers(client, 'aos-dev-network', ctx(true), removed), []);
    assert.deepEqual(removed, []);
    const vpcs = ec2.commandCalls(DescribeVpcsCommand)[0].args[0].input;
    assert.deepEqual(vpcs.Filters, [{ Name: 'tag:aws:cloudformation:stack-name', Values: ['aos-dev-network'] }]);
    const endpoints = ec2.commandCalls(DescribeVpcEndpointsCommand)[0].args[0].input;
    assert.deepEqual(endpoints.Filters, [{ Name: 'vpc-id', Values: ['vpc-0dev'] }, { Name: 'tag:GuardDutyManaged', Values: ['true'] }]);
    assert.equal(ec2.commandCalls(DeleteVpcEndpointsCommand).length + ec2.commandCalls(DeleteSecurityGroupCommand).length, 0);
  });

  it('a VPC already gone is done', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
    assert.deepEqual(await clearVpcLeftovers(client, 'aos-dev-network', ctx(true), []), []);
    assert.match(lines.join('\n'), /no VPC of aos-dev-network/);
    assert.equal(ec2.commandCalls(DescribeVpcEndpointsCommand).length, 0);
  });

  it('dry run: lists the endpoint and the group, deletes nothing', async () => {
    guardDutyWorld(0);
    const removed: string[] = [];
    assert.deepEqual(await clearVpcLeftovers(client, 'aos-dev-network', ctx(false), removed), []);
    assert.deepEqual(removed, ['VPC endpoint vpce-0gd', 'security group sg-0gd']);
    assert.match(lines.join('\n'), /VPC endpoint vpce-0gd \(GuardDuty Runtime Monitoring\): would delete/);
    assert.equal(ec2.commandCalls(DeleteVpcEndpointsCommand).length + ec2.commandCalls(DeleteSecurityGroupCommand).length, 0);
  });

  it('deletes the endpoint, then the group once the endpoint no longer holds it', async () => {
    guardDutyWorld(2);
    const removed: string[] = [];
    assert.deepEqual(await clearVpcLeftovers(client, 'aos-dev-network', ctx(true), removed), []);
    assert.deepEqual(removed, ['VPC endpoint vpce-0gd', 'security group sg-0gd']);
    const deletes = calls.filter((c) => c.startsWith('Delete'));
    // The group is refused (DependencyViolation) while the endpoint still lists, and goes on the try after it stops listing.
    assert.deepEqual(deletes, ['DeleteVpcEndpoints vpce-0gd', ...Array(4).fill('DeleteSecurityGroup sg-0gd')]);
    assert.equal(clock, 45_000, 'three poll intervals');
  });

  it('gives up after the bound, naming what is left and how to remove it', async () => {
    guardDutyWorld(Number.POSITIVE_INFINITY);
    const problems = await clearVpcLeftovers(client, 'aos-dev-network', ctx(true), []);
    assert.equal(clock, 120_000, 'exactly the bound');
    assert.deepEqual(problems, [
      'VPC endpoint vpce-0gd (GuardDuty): still there after 2 min; delete it (aws ec2 delete-vpc-endpoints --vpc-endpoint-ids vpce-0gd) and run the teardown again',
      'security group sg-0gd (GuardDuty): still in use after 2 min (resource sg-0gd has a dependent object); delete it once its endpoint is gone and run the teardown again',
    ]);
  });

  it('an endpoint GuardDuty is already deleting is not deleted again, and a group already gone is done', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-0dev' }] });
    ec2.on(DescribeVpcEndpointsCommand).resolvesOnce({ VpcEndpoints: [{ VpcEndpointId: 'vpce-0gd', State: 'Deleting' }] }).resolves({ VpcEndpoints: [] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0gd' }] });
    ec2.on(DeleteSecurityGroupCommand).rejects(Object.assign(new Error('The security group does not exist'), { name: 'InvalidGroup.NotFound' }));
    const removed: string[] = [];
    assert.deepEqual(await clearVpcLeftovers(client, 'aos-dev-network', ctx(true), removed), []);
    assert.equal(ec2.commandCalls(DeleteVpcEndpointsCommand).length, 0);
    assert.deepEqual(removed, ['security group sg-0gd']);
    assert.match(lines.join('\n'), /vpce-0gd \(GuardDuty Runtime Monitoring\): already being deleted, waiting for it/);
  });

  it('an EC2 error while looking is a problem, not a crash', async () => {
    ec2.on(DescribeVpcsCommand).rejects(new Error('UnauthorizedOperation: not allowed ec2:DescribeVpcs'));
    const problems = await clearVpcLeftovers(client, 'aos-dev-network', ctx(true), []);
    assert.deepEqual(problems, ['VPC of aos-dev-network: could not look for GuardDuty\'s endpoint and security group (UnauthorizedOperation: not allowed ec2:DescribeVpcs)']);
  });
});
