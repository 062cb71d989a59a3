/**
 * Operator access: the optional Client VPN endpoint (SPEC section 2, reference 001). Three
 * variants of the shipped environments: dev with mutual TLS (synthesized with CloudFormation
 * validation and cdk-nag, as the main job does), prod with SAML, and dev with the section present
 * but the endpoint off; then the validation of the section.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Stack } from 'aws-cdk-lib';
import { loadEnvironment, validateEnvironment } from '../src/config/load';
import { deploymentOrder } from '../src/report/docs';
import { operatorAccessDoc } from '../src/report/operator-access-doc';
import { evaluate } from './support/intrinsics';
import { environmentData, ofType, only, synth, type Synthesized } from './support/platform';

const SERVER = 'arn:aws:acm:eu-west-1:111111111111:certificate/0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d';
const CLIENT_CA = 'arn:aws:acm:eu-west-1:111111111111:certificate/1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e';
const PROD_SERVER = 'arn:aws:acm:eu-west-1:222222222222:certificate/2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f';
const PROD_SAML = 'arn:aws:iam::222222222222:saml-provider/aos-prod-client-vpn';
const PROD_PORTAL_SAML = 'arn:aws:iam::222222222222:saml-provider/aos-prod-client-vpn-portal';

// Patches are written out in full: the fixture cache keys on their source text.
const mutualTls = synth(
  'dev',
  (d) => {
    d.network.clientVpn = {
      enabled: true,
      serverCertificateArn: 'arn:aws:acm:eu-west-1:111111111111:certificate/0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d',
      mutualTls: { clientRootCertificateChainArn: 'arn:aws:acm:eu-west-1:111111111111:certificate/1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e' },
      clientCidr: '10.250.0.0/22',
    };
  },
  { validation: true },
);
const saml = synth('prod', (d) => {
  d.network.clientVpn = {
    enabled: true,
    serverCertificateArn: 'arn:aws:acm:eu-west-1:222222222222:certificate/2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
    saml: {
      samlProviderArn: 'arn:aws:iam::222222222222:saml-provider/aos-prod-client-vpn',
      selfServicePortal: true,
      selfServiceSamlProviderArn: 'arn:aws:iam::222222222222:saml-provider/aos-prod-client-vpn-portal',
      accessGroupId: 'platform-operators',
    },
    clientCidr: '100.64.0.0/20',
    transportProtocol: 'tcp',
    vpnPort: 1194,
    sessionTimeoutHours: 12,
    zones: 2,
    logRetentionDays: 365,
  };
});
const disabled = synth('dev', (d) => {
  d.network.clientVpn = { enabled: false };
});

function endpointOf(s: Synthesized): any {
  return only(s.templates.network, 'AWS::EC2::ClientVpnEndpoint')[1].Properties;
}

/** Logical id of a construct's CloudFormation resource. */
function logicalId(construct: any): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild ?? construct);
}

function vpnSecurityGroupId(s: Synthesized): string {
  return logicalId(s.platform.network.clientVpn!.securityGroup);
}

function privateSubnetIds(s: Synthesized, zones: readonly string[]): string[] {
  return ofType(s.templates.network, 'AWS::EC2::Subnet')
    .filter(([, r]) => s.model.network.subnets.some((p) => p.privateCidr === r.Properties.CidrBlock && zones.includes(p.az)))
    .map(([id]) => id)
    .sort();
}

describe('Client VPN with mutual TLS (dev variant)', () => {
  const t = mutualTls.templates.network;
  const endpoint = endpointOf(mutualTls);

  it('authenticates with the client CA certificate and presents the server certificate', () => {
    assert.deepEqual(endpoint.AuthenticationOptions, [{ Type: 'certificate-authentication', MutualAuthentication: { ClientRootCertificateChainArn: CLIENT_CA } }]);
    assert.equal(endpoint.ServerCertificateArn, SERVER);
    // The portal does not exist for certificate users.
    assert.equal(endpoint.SelfServicePortal, 'disabled');
  });

  it('splits the tunnel, resolves through the VPC resolver and keeps sessions to 8 hours', () => {
    assert.equal(endpoint.SplitTunnel, true);
    assert.equal(endpoint.ClientCidrBlock, '10.250.0.0/22');
    assert.deepEqual(endpoint.DnsServers, ['10.10.0.2']);
    assert.equal(endpoint.TransportProtocol, 'udp');
    assert.equal(endpoint.VpnPort, 443);
    assert.equal(endpoint.SessionTimeoutHours, 8);
    assert.deepEqual(endpoint.VpcId, { Ref: logicalId(mutualTls.platform.network.vpc) });
    const tags = Object.fromEntries(endpoint.TagSpecifications[0].Tags.map((x: any) => [x.Key, x.Value]));
    assert.equal(endpoint.TagSpecifications[0].ResourceType, 'client-vpn-endpoint');
    assert.deepEqual(tags, { Name: 'aos-dev-operator-vpn', ...mutualTls.model.tags });
  });

  it('is associated with the private subnet of each zone', () => {
    const associated = ofType(t, 'AWS::EC2::ClientVpnTargetNetworkAssociation').map(([, r]) => r.Properties.SubnetId.Ref).sort();
    assert.deepEqual(associated, privateSubnetIds(mutualTls, mutualTls.model.availabilityZones));
  });

  it('authorizes the VPC block only, and adds no routes of its own', () => {
    const [, rule] = only(t, 'AWS::EC2::ClientVpnAuthorizationRule');
    assert.equal(rule.Properties.TargetNetworkCidr, mutualTls.model.network.vpcCidr);
    assert.equal(rule.Properties.AuthorizeAllGroups, true, 'certificate users have no IdP groups');
    assert.equal(ofType(t, 'AWS::EC2::ClientVpnRoute').length, 0, 'associations add the VPC route; nothing else is routed');
  });

  it('logs connections to a KMS-encrypted group with retention, removed with a destroy environment', () => {
    const groupId = logicalId(mutualTls.platform.network.clientVpn!.logGroup);
    const group = t.Resources[groupId];
    assert.equal(group.Properties.LogGroupName, '/aws/clientvpn/aos-dev');
    assert.equal(group.Properties.RetentionInDays, 90);
    assert.deepEqual(endpoint.ConnectionLogOptions, { Enabled: true, CloudwatchLogGroup: { Ref: groupId } });
    const key = t.Resources[group.Properties.KmsKeyId['Fn::GetAtt'][0]];
    assert.equal(key.Properties.EnableKeyRotation, true);
    const logs = key.Properties.KeyPolicy.Statement.find((st: any) => st.Principal?.Service === 'logs.eu-west-1.amazonaws.com');
    assert.deepEqual(logs.Condition, { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:111111111111:log-group:/aws/clientvpn/aos-dev' } });
    // dev says data.removalPolicy "destroy": the group and its key go with the stack.
    assert.equal(group.DeletionPolicy, 'Delete');
    assert.equal(key.DeletionPolicy, 'Delete');
  });

  it('has its own security group: no inbound rules, HTTPS into the VPC and DNS to the resolver out', () => {
    const sg = t.Resources[vpnSecurityGroupId(mutualTls)].Properties;
    assert.deepEqual(endpoint.SecurityGroupIds, [{ 'Fn::GetAtt': [vpnSecurityGroupId(mutualTls), 'GroupId'] }]);
    assert.equal(sg.SecurityGroupIngress, undefined);
    const egress = sg.SecurityGroupEgress.map((r: any) => `${r.IpProtocol} ${r.FromPort}-${r.ToPort} ${evaluate(r.CidrIp, { [`${logicalId(mutualTls.platform.network.vpc)}.CidrBlock`]: '10.10.0.0/16' })}`);
    assert.deepEqual(egress.sort(), ['tcp 443-443 10.10.0.0/16', 'tcp 53-53 10.10.0.2/32', 'udp 53-53 10.10.0.2/32']);
  });

  it('is admitted on 443 by the control plane\'s own security group, not the one nodes carry', () => {
    const cluster = mutualTls.templates.cluster;
    const eks = mutualTls.platform.cluster.platformCluster.cluster;
    const controlPlane = logicalId(eks.node.findChild('ControlPlaneSecurityGroup') as any);
    const [clusterId] = only(cluster, 'AWS::EKS::Cluster');
    // The group the rule lands on is the one EKS puts on the control-plane interfaces (ResourcesVpcConfig)...
    assert.deepEqual(cluster.Resources[clusterId].Properties.ResourcesVpcConfig.SecurityGroupIds, [{ 'Fn::GetAtt': [controlPlane, 'GroupId'] }]);
    // ...and not one the nodes carry: they have the EKS cluster security group and the workload group.
    const [, template] = only(cluster, 'AWS::EC2::LaunchTemplate');
    const nodeGroups = JSON.stringify(template.Properties.LaunchTemplateData.SecurityGroupIds);
    assert.match(nodeGroups, /ClusterSecurityGroupId/);
    assert.doesNotMatch(nodeGroups, new RegExp(controlPlane));
    const rules = ofType(cluster, 'AWS::EC2::SecurityGroupIngress').filter(([, r]) => JSON.stringify(r.Properties.SourceSecurityGroupId).includes('OperatorVpn'));
    assert.equal(rules.length, 1);
    const rule = rules[0][1].Properties;
    assert.deepEqual(rule.GroupId, { 'Fn::GetAtt': [controlPlane, 'GroupId'] });
    assert.deepEqual([rule.IpProtocol, rule.FromPort, rule.ToPort], ['tcp', 443, 443]);
    // A weak reference into the network stack that resolves to the VPN's group.
    assert.equal(Object.keys(rule.SourceSecurityGroupId)[0], 'Fn::GetStackOutput');
    assert.deepEqual(evaluate(rule.SourceSecurityGroupId, {}, mutualTls.producers), `<${vpnSecurityGroupId(mutualTls)}.GroupId>`);
    // The network stack reads nothing from the cluster stack.
    assert.doesNotMatch(JSON.stringify(mutualTls.templates.network), /aos-dev-cluster/);
  });

  it('outputs the endpoint id and the command that exports the client profile', () => {
    const outputs = t.Outputs;
    assert.deepEqual(outputs.ClientVpnEndpointId.Value, { Ref: logicalId(mutualTls.platform.network.clientVpn!.endpoint!) });
    assert.equal(
      evaluate(outputs.ClientVpnConfigurationCommand.Value, { [logicalId(mutualTls.platform.network.clientVpn!.endpoint!)]: 'cvpn-endpoint-0123' }),
      'aws ec2 export-client-vpn-client-configuration --region eu-west-1 --client-vpn-endpoint-id cvpn-endpoint-0123 --output text',
    );
  });

  it('shows in the deployment diagram and the operator access table', () => {
    const diagram = deploymentOrder(mutualTls.model);
    assert.match(diagram, /vpn\["operator Client VPN<br\/>clients 10\.250\.0\.0\/22"\]/);
    assert.match(diagram, /vpn -\.->\|443 to the control plane\| eks/);
    assert.match(operatorAccessDoc([mutualTls.model]), /\| dev \| on: mutual TLS \| 10\.250\.0\.0\/22 \| 10\.10\.0\.0\/16 \| 10\.10\.0\.2 \| UDP 443, split tunnel, 8 h sessions/);
  });

  it('passes CloudFormation validation and cdk-nag with no finding and no acknowledgement of its own', () => {
    const report = JSON.parse(readFileSync(join(mutualTls.assembly.directory, 'validation-report.json'), 'utf8'));
    const validate = report.pluginReports.find((p: any) => p.pluginName === 'CloudFormation Validate');
    assert.ok(validate, 'the built-in CloudFormation validation ran');
    for (const p of report.pluginReports) {
      assert.equal(p.conclusion, 'success', p.pluginName);
      assert.deepEqual(p.violations, [], p.pluginName);
    }
    // Only the two CloudFormation rules the platform acknowledges everywhere; nothing for the VPN.
    const suppressed = report.pluginReports.flatMap((p: any) => p.suppressedViolations ?? []);
    const schema = new Set(suppressed.filter((v: any) => v.acknowledgedId.startsWith('CloudFormation-Validate::')).map((v: any) => v.acknowledgedId));
    assert.deepEqual([...schema].sort(), ['CloudFormation-Validate::W3010', 'CloudFormation-Validate::W9009']);
    // Of the Control Tower controls, only the log retention the dev file chose (network.clientVpn.logRetentionDays).
    const vpn = suppressed.filter((v: any) => v.violatingConstructs.some((c: any) => c.constructPath.includes('/OperatorVpn/')));
    assert.deepEqual([...new Set(vpn.map((v: any) => v.acknowledgedId))], ['Control-Tower::CT.CLOUDWATCH.PR.2']);
    assert.match(vpn[0].reason, /network\.clientVpn\.logRetentionDays/);
  });
});

describe('Client VPN with SAML (prod variant)', () => {
  const t = saml.templates.network;
  const endpoint = endpointOf(saml);

  it('federates through the IAM SAML providers, with the self-service portal', () => {
    assert.deepEqual(endpoint.AuthenticationOptions, [
      { Type: 'federated-authentication', FederatedAuthentication: { SAMLProviderArn: PROD_SAML, SelfServiceSAMLProviderArn: PROD_PORTAL_SAML } },
    ]);
    assert.equal(endpoint.ServerCertificateArn, PROD_SERVER);
    assert.equal(endpoint.SelfServicePortal, 'enabled');
    assert.ok(Object.keys(t.Outputs).some((o) => o.includes('SelfServicePortalUrl')));
  });

  it('admits only the configured IdP group, to the VPC block', () => {
    const [, rule] = only(t, 'AWS::EC2::ClientVpnAuthorizationRule');
    assert.equal(rule.Properties.TargetNetworkCidr, saml.model.network.vpcCidr);
    assert.equal(rule.Properties.AccessGroupId, 'platform-operators');
    assert.equal(rule.Properties.AuthorizeAllGroups, false, 'no group-less rule beside the group rule');
  });

  it('takes transport, session, zones and retention from the file, and keeps its logs where data is retained', () => {
    assert.equal(endpoint.SplitTunnel, true, 'split tunnel is the default');
    assert.deepEqual(endpoint.DnsServers, ['10.20.0.2']);
    assert.equal(endpoint.TransportProtocol, 'tcp');
    assert.equal(endpoint.VpnPort, 1194);
    assert.equal(endpoint.SessionTimeoutHours, 12);
    const associated = ofType(t, 'AWS::EC2::ClientVpnTargetNetworkAssociation').map(([, r]) => r.Properties.SubnetId.Ref).sort();
    assert.deepEqual(associated, privateSubnetIds(saml, saml.model.availabilityZones.slice(0, 2)));
    const group = t.Resources[logicalId(saml.platform.network.clientVpn!.logGroup)];
    assert.equal(group.Properties.RetentionInDays, 365);
    assert.equal(group.DeletionPolicy, 'Retain');
    assert.equal(t.Resources[group.Properties.KmsKeyId['Fn::GetAtt'][0]].DeletionPolicy, 'Retain');
  });

  it('is admitted by the control plane on 443', () => {
    const rules = ofType(saml.templates.cluster, 'AWS::EC2::SecurityGroupIngress').filter(([, r]) => JSON.stringify(r.Properties.SourceSecurityGroupId).includes('OperatorVpn'));
    assert.equal(rules.length, 1);
    assert.equal(evaluate(rules[0][1].Properties.SourceSecurityGroupId, {}, saml.producers), `<${vpnSecurityGroupId(saml)}.GroupId>`);
  });
});

describe('Client VPN off', () => {
  it('is off in both shipped environments (no section)', () => {
    for (const env of ['dev', 'prod']) {
      assert.equal(environmentData(env).network.clientVpn, undefined, env);
      const loaded = loadEnvironment({ env });
      assert.ok(loaded.ok);
      assert.equal(loaded.model.network.clientVpn, undefined, env);
    }
  });

  it('with enabled: false removes the endpoint and the control plane\'s rule, and keeps the group, key and log group', () => {
    const t = disabled.templates.network;
    for (const type of ['AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::ClientVpnTargetNetworkAssociation', 'AWS::EC2::ClientVpnAuthorizationRule']) {
      assert.equal(ofType(t, type).length, 0, type);
    }
    // Kept, so that the network stack never deletes a group the cluster stack still admits.
    assert.ok(t.Resources[vpnSecurityGroupId(disabled)]);
    assert.ok(t.Resources[logicalId(disabled.platform.network.clientVpn!.logGroup)]);
    assert.ok(!JSON.stringify(disabled.templates.cluster).includes('OperatorVpn'), 'the cluster stack no longer names the group');
    assert.equal(t.Outputs?.ClientVpnEndpointId, undefined);
  });
});

describe('Client VPN validation', () => {
  /** dev with a valid mutual-TLS section, changed by `change`. */
  function problems(change: (vpn: any, data: any) => void) {
    const data = environmentData('dev');
    const vpn: any = { enabled: true, serverCertificateArn: SERVER, mutualTls: { clientRootCertificateChainArn: CLIENT_CA }, clientCidr: '10.250.0.0/22' };
    change(vpn, data);
    data.network.clientVpn = vpn;
    const result = validateEnvironment(data);
    return result.ok ? [] : result.problems;
  }

  it('accepts the mutual-TLS and SAML sections of the variants above', () => {
    assert.deepEqual(problems(() => undefined), []);
    assert.deepEqual(
      problems((vpn) => {
        delete vpn.mutualTls;
        vpn.saml = { samlProviderArn: 'arn:aws:iam::111111111111:saml-provider/client-vpn' };
      }),
      [],
    );
  });

  it('does not ask for anything while the endpoint is off', () => {
    const data = environmentData('dev');
    data.network.clientVpn = { enabled: false };
    assert.ok(validateEnvironment(data).ok);
  });

  const cases: Array<[string, (vpn: any, data: any) => void, string, RegExp]> = [
    ['a client block overlapping the VPC', (vpn) => (vpn.clientCidr = '10.10.200.0/22'), 'network.clientVpn.clientCidr', /10\.10\.200\.0\/22 overlaps the VPC 10\.10\.0\.0\/16; .*pick one outside it/],
    ['a client block overlapping the services block', (vpn) => (vpn.clientCidr = '172.20.0.0/22'), 'network.clientVpn.clientCidr', /overlaps the services block 172\.20\.0\.0\/16/],
    ['a client block overlapping the default services block', (vpn, data) => {
      delete data.cluster.servicesCidr;
      vpn.clientCidr = '172.20.4.0/22';
    }, 'network.clientVpn.clientCidr', /overlaps the services block 172\.20\.0\.0\/16/],
    ['a client block smaller than /22', (vpn) => (vpn.clientCidr = '10.250.0.0/24'), 'network.clientVpn.clientCidr', /\/12 to \/22 \(got \/24\)/],
    ['a client block larger than /12', (vpn) => (vpn.clientCidr = '10.0.0.0/11'), 'network.clientVpn.clientCidr', /\/12 to \/22 \(got \/11\)/],
    ['public client addresses', (vpn) => (vpn.clientCidr = '52.0.0.0/22'), 'network.clientVpn.clientCidr', /public address space/],
    ['no client block', (vpn) => delete vpn.clientCidr, 'network.clientVpn.clientCidr', /required while clientVpn\.enabled is true/],
    ['no server certificate', (vpn) => delete vpn.serverCertificateArn, 'network.clientVpn.serverCertificateArn', /required while clientVpn\.enabled is true: .*ACM in eu-west-1/],
    ['both authentication methods', (vpn) => (vpn.saml = { samlProviderArn: 'arn:aws:iam::111111111111:saml-provider/client-vpn' }), 'network.clientVpn', /both mutualTls and saml are set; choose one/],
    ['no authentication method', (vpn) => delete vpn.mutualTls, 'network.clientVpn', /no authentication method: set mutualTls\.clientRootCertificateChainArn .* or saml\.samlProviderArn/],
    ['a server certificate in another region', (vpn) => (vpn.serverCertificateArn = SERVER.replace('eu-west-1', 'us-east-1')), 'network.clientVpn.serverCertificateArn', /in us-east-1, but the endpoint is in eu-west-1; import it into ACM in eu-west-1/],
    ['a client CA in another account', (vpn) => (vpn.mutualTls.clientRootCertificateChainArn = CLIENT_CA.replace('111111111111', '999999999999')), 'network.clientVpn.mutualTls.clientRootCertificateChainArn', /belongs to account 999999999999, not 111111111111/],
    ['a SAML provider in another account', (vpn) => {
      delete vpn.mutualTls;
      vpn.saml = { samlProviderArn: 'arn:aws:iam::999999999999:saml-provider/client-vpn' };
    }, 'network.clientVpn.saml.samlProviderArn', /belongs to account 999999999999, not 111111111111/],
    ['a portal provider without the portal', (vpn) => {
      delete vpn.mutualTls;
      vpn.saml = { samlProviderArn: 'arn:aws:iam::111111111111:saml-provider/a', selfServiceSamlProviderArn: 'arn:aws:iam::111111111111:saml-provider/b' };
    }, 'network.clientVpn.saml.selfServiceSamlProviderArn', /set saml\.selfServicePortal: true or remove/],
    ['a certificate ARN of another service', (vpn) => (vpn.serverCertificateArn = 'arn:aws:iam::111111111111:server-certificate/vpn'), 'network.clientVpn.serverCertificateArn', /must be an ACM certificate ARN/],
    ['a DNS server outside the VPC', (vpn) => (vpn.dnsServers = ['10.10.0.2', '1.1.1.1']), 'network.clientVpn.dnsServers[1]', /1\.1\.1\.1 is outside the VPC/],
    ['three DNS servers', (vpn) => (vpn.dnsServers = ['10.10.0.2', '10.10.0.3', '10.10.0.4']), 'network.clientVpn.dnsServers', /at most two DNS servers/],
    ['a port Client VPN does not offer', (vpn) => (vpn.vpnPort = 8443), 'network.clientVpn.vpnPort', /443 or 1194/],
    ['an unknown field', (vpn) => (vpn.splitTunel = true), 'network.clientVpn.splitTunel', /unknown field/],
  ];
  for (const [name, change, path, message] of cases) {
    it(`refuses ${name}, naming the field and the fix`, () => {
      const found = problems(change);
      assert.ok(
        found.some((p) => p.path === path && message.test(p.message)),
        `expected ${path}: ${message}; got ${JSON.stringify(found, null, 1)}`,
      );
      // Only the section's own problems: a mistake here does not spill into other fields.
      for (const p of found) assert.match(p.path, /^network\.clientVpn/);
    });
  }
});
