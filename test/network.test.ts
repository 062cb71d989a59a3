import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { VPC_ENDPOINTS } from '../src/config/schema';
import { ofType, only, synth } from './support/platform';

function tagsOf(resource: any): Record<string, string> {
  return Object.fromEntries((resource.Properties.Tags ?? []).map((t: any) => [t.Key, t.Value]));
}

for (const env of ['dev', 'prod']) {
  describe(`network stack (${env})`, () => {
    const s = synth(env);
    const t = s.templates.network;

    it('is one VPC with DNS on, over the three zones of the environment', () => {
      s.network.resourceCountIs('AWS::EC2::VPC', 1);
      s.network.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: s.model.network.vpcCidr, EnableDnsHostnames: true, EnableDnsSupport: true });
      const subnets = ofType(t, 'AWS::EC2::Subnet').map(([, r]) => r.Properties);
      assert.equal(subnets.length, 6);
      assert.deepEqual([...new Set(subnets.map((p) => p.AvailabilityZone))].sort(), [...s.model.availabilityZones].sort());
    });

    it('gives each subnet the block the model planned, and tags it for load balancer and Karpenter discovery', () => {
      for (const planned of s.model.network.subnets) {
        const find = (cidr: string) => ofType(t, 'AWS::EC2::Subnet').find(([, r]) => r.Properties.CidrBlock === cidr)?.[1];
        const priv = find(planned.privateCidr);
        const pub = find(planned.publicCidr);
        assert.ok(priv && pub, `subnets ${planned.privateCidr} and ${planned.publicCidr}`);
        assert.equal(priv.Properties.AvailabilityZone, planned.az);
        assert.equal(pub.Properties.AvailabilityZone, planned.az);
        assert.equal(tagsOf(priv)['kubernetes.io/role/internal-elb'], '1');
        assert.equal(tagsOf(priv)['karpenter.sh/discovery'], s.model.cluster.name);
        assert.equal(tagsOf(priv)['kubernetes.io/role/elb'], undefined);
        assert.equal(tagsOf(pub)['kubernetes.io/role/elb'], '1');
        assert.equal(tagsOf(pub)['kubernetes.io/role/internal-elb'], undefined);
        assert.equal(pub.Properties.MapPublicIpOnLaunch, false, 'nothing launched in a public subnet gets a public IP');
      }
    });

    it(`runs ${env === 'prod' ? 'a NAT gateway per zone' : 'one shared NAT gateway'}`, () => {
      s.network.resourceCountIs('AWS::EC2::NatGateway', env === 'prod' ? 3 : 1);
      // Every private subnet routes to the internet through a NAT gateway.
      const natRoutes = ofType(t, 'AWS::EC2::Route').filter(([, r]) => r.Properties.NatGatewayId);
      assert.equal(natRoutes.length, 3);
    });

    it('logs all traffic to an encrypted log group with the environment retention', () => {
      s.network.hasResourceProperties('AWS::EC2::FlowLog', {
        ResourceType: 'VPC',
        TrafficType: s.model.network.flowLogs.trafficType,
        LogDestinationType: 'cloud-watch-logs',
      });
      const [, group] = only(t, 'AWS::Logs::LogGroup');
      assert.equal(group.Properties.RetentionInDays, s.model.network.flowLogs.retentionDays);
      assert.equal(group.Properties.LogGroupName, `/aws/vpc/aos-${env}/flow-logs`);
      const keyId = group.Properties.KmsKeyId['Fn::GetAtt'][0];
      const key = t.Resources[keyId].Properties;
      assert.equal(key.EnableKeyRotation, true);
      const logs = key.KeyPolicy.Statement.find((st: any) => st.Principal.Service === 'logs.eu-west-1.amazonaws.com');
      assert.deepEqual(logs.Condition, {
        ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:eu-west-1:${s.model.account}:log-group:/aws/vpc/aos-${env}/flow-logs` },
      });
    });

    it('has the S3 gateway endpoint and private-DNS interface endpoints reachable on 443 from the VPC only', () => {
      const endpoints = ofType(t, 'AWS::EC2::VPCEndpoint').map(([, r]) => r.Properties);
      assert.equal(endpoints.length, VPC_ENDPOINTS.length);
      const gateway = endpoints.filter((e) => e.VpcEndpointType === 'Gateway');
      assert.equal(gateway.length, 1);
      assert.match(JSON.stringify(gateway[0].ServiceName), /\.s3/);
      const services = endpoints
        .filter((e) => e.VpcEndpointType === 'Interface')
        .map((e) => e.ServiceName.replace(`com.amazonaws.${s.model.region}.`, ''))
        .sort();
      assert.deepEqual(services, VPC_ENDPOINTS.filter((e) => e !== 's3').sort());
      for (const e of endpoints.filter((x) => x.VpcEndpointType === 'Interface')) assert.equal(e.PrivateDnsEnabled, true);
      s.network.hasResourceProperties('AWS::EC2::SecurityGroup', {
        GroupDescription: Match.stringLikeRegexp('service endpoints'),
        SecurityGroupIngress: [{ CidrIp: s.model.network.vpcCidr, FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }],
      });
    });

    it('strips the rules of the default security group', () => {
      s.network.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
    });
  });
}

describe('network stack variants', () => {
  it('creates only the endpoints an environment lists', () => {
    const s = synth('dev', (d) => (d.network.endpoints = ['s3', 'ecr.api', 'ecr.dkr', 'secretsmanager']));
    s.network.resourceCountIs('AWS::EC2::VPCEndpoint', 4);
  });
});

describe('an environment of a user: shared address space (RFC 6598) in another partition', () => {
  // One synth for two cases of issue 18: a 100.64.0.0/16 VPC, and the aws-cn partition's ARNs.
  const s = synth('dev', (d) => {
    d.network.vpcCidr = '100.64.0.0/16';
    d.region = 'cn-north-1';
    d.availabilityZones = ['cn-north-1a', 'cn-north-1b', 'cn-north-1d'];
    for (const level of Object.keys(d.cluster.access)) for (const e of d.cluster.access[level]) e.principalArn = e.principalArn.replace('arn:aws:', 'arn:aws-cn:');
    d.imageMirror = { enabled: false };
  });

  it('synthesizes a 100.64.0.0/16 VPC with its subnets inside it', () => {
    s.network.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '100.64.0.0/16' });
    const blocks = ofType(s.templates.network, 'AWS::EC2::Subnet').map(([, r]) => r.Properties.CidrBlock).sort();
    assert.deepEqual(blocks, ['100.64.0.0/19', '100.64.32.0/19', '100.64.64.0/19', '100.64.96.0/24', '100.64.97.0/24', '100.64.98.0/24']);
  });

  it('writes the ARNs it builds in the aws-cn partition', () => {
    const text = JSON.stringify([s.templates.cluster, s.templates.data, s.templates.charts]);
    assert.match(text, /arn:aws-cn:/);
    assert.doesNotMatch(text, /"arn:aws:|arn:aws:(iam|s3|kms|secretsmanager|ec2|ssm|sqs|logs|route53|eks)/);
  });
});
