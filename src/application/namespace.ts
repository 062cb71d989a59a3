/** The labels of the application namespace (SPEC section 10): Pod Security `restricted` and ambient mesh. */
export const APPLICATION_NAMESPACE_LABELS: Readonly<Record<string, string>> = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/warn': 'restricted',
  'pod-security.kubernetes.io/audit': 'restricted',
  'istio.io/dataplane-mode': 'ambient',
};
