/** The application layer in the main job's summary: what the application stack deploys. */
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { PlatformModel } from '../config/model';
import type { ResolvedService } from '../application/resolve';
import { resourcesOfType } from './assembly';
import { table } from './table';
import { GATEWAY_TLS_NAMESPACE, type GatewayTls } from '../charts/gateway-tls';

/** `2`, or `HPA 3..10 (cpu 70%, memory 80%)`. */
export function replicasText(s: ResolvedService): string {
  return s.autoscaling
    ? `HPA ${s.autoscaling.minReplicas}..${s.autoscaling.maxReplicas} (cpu ${s.autoscaling.cpuUtilization}%, memory ${s.autoscaling.memoryUtilization}%)`
    : `${s.replicas} replica${s.replicas === 1 ? '' : 's'}`;
}

/** The gateway's TLS in one line: ports, hosts, certificate and who signs it. */
export function tlsText(tls: GatewayTls): string {
  const signer =
    tls.issuer === 'private-ca'
      ? 'the cluster\'s private CA (clients trust its root)'
      : `${tls.issuer === 'letsencrypt' ? 'Let\'s Encrypt' : 'Let\'s Encrypt staging (untrusted)'} by DNS-01 in zone ${tls.route53ZoneId}`;
  return `HTTPS on 443 for ${tls.hosts.join(', ')} (port 80 redirects), certificate ${GATEWAY_TLS_NAMESPACE}/${tls.credentialName} for ${tls.dnsNames.join(', ')} from ${signer}`;
}

export function applicationSummaryLines(assembly: CloudAssembly, model: PlatformModel): string[] {
  const app = model.application;
  const stack = assembly.stacks.find((s) => s.stackName === `${model.project}-${model.envName}-application`);
  const releases = stack ? resourcesOfType(stack, 'Custom::AWSCDK-EKS-HelmChart') : [];
  const secrets = stack ? resourcesOfType(stack, 'AWS::SecretsManager::Secret').length : 0;
  const lines: string[] = [];
  lines.push(
    releases.length > 0
      ? `  Release ${app.release} of charts/application (a chart asset) in namespace ${app.namespace}, version ${app.version} (${app.versionKind})`
      : `  Application: not deployed yet (no application.version; set it in the file or pass -c appVersion=TAG). The stack holds the roles, the namespace ${app.namespace} and the secrets.`,
  );
  lines.push(
    `  Namespace ${app.namespace}: Pod Security restricted, Istio ambient, PeerAuthentication STRICT, default-deny NetworkPolicies; ` +
      `${app.secretSets.length} secret sets through the CSI driver (${secrets} application secrets created here)`,
  );
  if (app.services.some((s) => s.publicPath)) lines.push(`  Public entry: ${tlsText(app.tls)}`);
  lines.push(
    ...table(
      app.services.map((s) => [
        s.name,
        replicasText(s),
        `${s.serviceAccount} (${s.roleName})`,
        s.publicPath ? `public https://${app.hosts.join(',')}${s.publicPath}` : 'internal',
        s.uses.join(', ') || '-',
      ]),
      '    ',
    ),
  );
  const r = app.rabbitmq;
  const i = app.influxdb;
  if (r.enabled) lines.push(`  RabbitMQ: RabbitmqCluster ${r.name}, ${r.replicas} node${r.replicas === 1 ? '' : 's'}, ${r.storageGiB} GiB ${r.storageClass} each, ${r.image.repository}:${r.image.tag}`);
  if (i.enabled) lines.push(`  InfluxDB2: StatefulSet ${i.name} on the EFS access point ${model.data.efs.influxAccessPoint.path} (uid/gid ${i.uid}/${i.gid}, mount options ${i.mountOptions.join(', ')}), ${i.image.repository}:${i.image.tag}`);
  return lines;
}
