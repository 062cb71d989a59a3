/**
 * A small evaluator of Kubernetes NetworkPolicies (networking.k8s.io/v1 semantics): may traffic
 * go from A to B on a port? A connection needs both the source's egress and the destination's
 * ingress to allow it; a pod that no policy of a direction selects is open in that direction.
 * Written here because no library answers this offline; it reads the rendered objects, never the
 * values that produced them.
 */

export type Labels = Readonly<Record<string, string>>;

/** A pod in a namespace (with its pod IP for ipBlock peers), or an address outside the cluster. */
export type Endpoint = { readonly pod: Labels; readonly namespace: string; readonly ip?: string } | { readonly ip: string };

export interface Cluster {
  readonly policies: readonly any[];
  /** Labels of each namespace (kubernetes.io/metadata.name is added). */
  readonly namespaces: Readonly<Record<string, Labels>>;
}

function selects(selector: any, labels: Labels): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries<string>(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const ok =
      e.operator === 'In' ? has && e.values.includes(labels[e.key])
      : e.operator === 'NotIn' ? !has || !e.values.includes(labels[e.key])
      : e.operator === 'Exists' ? has
      : e.operator === 'DoesNotExist' ? !has
      : false;
    if (!ok) return false;
  }
  return true;
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipToInt(base) / size) * size;
  const n = ipToInt(ip);
  return n >= start && n < start + size;
}

function namespaceLabels(cluster: Cluster, name: string): Labels {
  return { ...(cluster.namespaces[name] ?? {}), 'kubernetes.io/metadata.name': name };
}

/** Whether a peer of a rule (in a policy of `policyNamespace`) matches an endpoint. */
function peerMatches(cluster: Cluster, peer: any, policyNamespace: string, endpoint: Endpoint): boolean {
  if (peer.ipBlock) {
    if (!endpoint.ip || !inCidr(endpoint.ip, peer.ipBlock.cidr)) return false;
    return !(peer.ipBlock.except ?? []).some((c: string) => inCidr(endpoint.ip!, c));
  }
  if (!('pod' in endpoint)) return false;
  const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, namespaceLabels(cluster, endpoint.namespace)) : endpoint.namespace === policyNamespace;
  const podOk = peer.podSelector ? selects(peer.podSelector, endpoint.pod) : true;
  return nsOk && podOk;
}

function portMatches(ports: any[] | undefined, port: number, protocol: string): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => (p.protocol ?? 'TCP') === protocol && (p.port === undefined || (typeof p.port === 'number' && port >= p.port && port <= (p.endPort ?? p.port))));
}

/** Policies that select a pod for a direction. */
function governing(cluster: Cluster, pod: { pod: Labels; namespace: string }, direction: 'Ingress' | 'Egress'): any[] {
  return cluster.policies.filter((p) => {
    if ((p.metadata.namespace ?? '') !== pod.namespace) return false;
    const types: string[] = p.spec.policyTypes ?? (direction === 'Ingress' ? ['Ingress'] : p.spec.egress ? ['Egress'] : []);
    return types.includes(direction) && selects(p.spec.podSelector, pod.pod);
  });
}

export function egressAllowed(cluster: Cluster, from: Endpoint, to: Endpoint, port: number, protocol = 'TCP'): boolean {
  if (!('pod' in from)) return true;
  const policies = governing(cluster, from, 'Egress');
  if (policies.length === 0) return true;
  return policies.some((p) => (p.spec.egress ?? []).some((rule: any) => (!rule.to || rule.to.some((peer: any) => peerMatches(cluster, peer, from.namespace, to))) && portMatches(rule.ports, port, protocol)));
}

export function ingressAllowed(cluster: Cluster, from: Endpoint, to: Endpoint, port: number, protocol = 'TCP'): boolean {
  if (!('pod' in to)) return true;
  const policies = governing(cluster, to, 'Ingress');
  if (policies.length === 0) return true;
  return policies.some((p) => (p.spec.ingress ?? []).some((rule: any) => (!rule.from || rule.from.some((peer: any) => peerMatches(cluster, peer, to.namespace, from))) && portMatches(rule.ports, port, protocol)));
}

/** May `from` open a connection to `to` on `port`? */
export function mayConnect(cluster: Cluster, from: Endpoint, to: Endpoint, port: number, protocol = 'TCP'): boolean {
  return egressAllowed(cluster, from, to, port, protocol) && ingressAllowed(cluster, from, to, port, protocol);
}
