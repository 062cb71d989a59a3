/**
 * The application chart's values for one environment: everything comes from the resolved model,
 * except what only exists once the data stack is deployed (endpoints, secret ARNs, the EFS volume
 * handle), which arrives as that stack's outputs. Credentials are never values: they are Secrets
 * Manager ARNs that the CSI driver resolves with the pod's own role.
 */
import type { PlatformModel } from '../config/model';
import { imageValue } from '../charts/registries';
import type { DataResource } from '../identity/policy-statements';
import { serviceImage } from './resolve';
import { GATEWAY_TLS_NAMESPACE } from '../charts/gateway-tls';
import { GATEWAY_HTTP_PORT, GATEWAY_HTTPS_PORT, GATEWAY_SELECTOR } from '../charts/catalog/istio-ingressgateway';

/** What the chart needs from the data stack (tokens at synth time, weak cross-stack references). */
export interface DataOutputs {
  readonly auroraHost: string;
  readonly auroraReaderHost: string;
  readonly redisHost: string;
  readonly documentdbHost: string;
  readonly secretArns: Readonly<Record<Extract<DataResource, `secret:${string}`>, string>>;
  /** `<file system id>::<access point id>`. */
  readonly influxVolumeHandle: string;
}

/** The ARNs of the application's own secrets, by set name (created by the application stack). */
export type ApplicationSecretArns = ReadonlyMap<string, string>;

export function chartValues(model: PlatformModel, version: string, data: DataOutputs, appSecrets: ApplicationSecretArns): Record<string, unknown> {
  const app = model.application;
  const mirror = model.charts.mirror;
  const third = (image: { registry: 'docker-hub'; repository: string; tag: string }) => `${imageValue(mirror, image)}:${image.tag}`;
  return {
    global: {
      project: model.project,
      environment: model.envName,
      region: model.region,
      podIdentity: model.identity.mode === 'pod-identity',
      imagePullPolicy: 'IfNotPresent',
    },
    services: app.services.map((s) => ({
      name: s.name,
      image: serviceImage(s, version),
      serviceAccount: s.serviceAccount,
      ...(s.port ? { port: s.port } : {}),
      probes: s.probes,
      ...(s.autoscaling ? { autoscaling: s.autoscaling } : { replicas: s.replicas }),
      resources: s.resources,
      ...(s.publicPath ? { public: { path: s.publicPath } } : {}),
      env: s.env,
      talksTo: s.talksTo,
      uses: s.uses,
      secretSets: s.secretSets,
    })),
    secretProviderClasses: app.secretSets.map((set) => ({
      name: set.name,
      objects: [
        {
          objectName: set.data ? data.secretArns[set.data as keyof DataOutputs['secretArns']] : (appSecrets.get(set.name) ?? fail(`no ARN for application secret ${set.name}`)),
          alias: set.name,
          ...(set.keys.length ? { keys: set.keys } : {}),
        },
      ],
    })),
    dataServices: {
      privateSubnetCidrs: model.network.subnets.map((s) => s.privateCidr),
      aurora: { host: data.auroraHost, readerHost: data.auroraReaderHost, port: model.data.aurora.port, database: model.data.aurora.databaseName },
      redis: { host: data.redisHost, port: model.data.redis.port },
      documentdb: { host: data.documentdbHost, port: model.data.documentdb.port },
    },
    rabbitmq: {
      enabled: app.rabbitmq.enabled,
      name: app.rabbitmq.name,
      replicas: app.rabbitmq.replicas,
      image: third(app.rabbitmq.image),
      storageClassName: app.rabbitmq.storageClass,
      storage: `${app.rabbitmq.storageGiB}Gi`,
      resources: app.rabbitmq.resources,
    },
    influxdb: {
      enabled: app.influxdb.enabled,
      name: app.influxdb.name,
      image: third(app.influxdb.image),
      serviceAccount: app.influxdb.serviceAccount,
      volumeHandle: data.influxVolumeHandle,
      storage: `${app.influxdb.storageGiB}Gi`,
      mountOptions: app.influxdb.mountOptions,
      uid: app.influxdb.uid,
      gid: app.influxdb.gid,
      organization: app.influxdb.organization,
      bucket: app.influxdb.bucket,
      passwordSecret: 'influxdb-admin-password',
      tokenSecret: 'influxdb-admin-token',
      resources: app.influxdb.resources,
    },
    ingress: {
      gatewayNamespace: GATEWAY_TLS_NAMESPACE,
      gatewaySelector: { ...GATEWAY_SELECTOR },
      hosts: app.hosts,
      httpsPort: GATEWAY_HTTPS_PORT,
      httpPort: GATEWAY_HTTP_PORT,
      credentialName: app.tls.credentialName,
      minProtocolVersion: 'TLSV1_2',
    },
    networkPolicy: {
      dns: { namespace: 'kube-system', podSelector: { 'k8s-app': 'kube-dns' } },
      hbonePort: 15008,
      probeSourceCidr: '169.254.7.127/32',
      awsApiCidrs: [model.network.vpcCidr],
      publicHttps: true,
      privateRanges: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'],
      podIdentityAgentCidr: '169.254.170.23/32',
    },
  };
}

function fail(message: string): never {
  throw new Error(message);
}
