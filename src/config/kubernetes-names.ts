/**
 * Kubernetes' rules for label keys and values (also taint keys and values), as the API server
 * checks them (k8s.io/apimachinery validation: IsQualifiedName, IsValidLabelValue), with the
 * message naming the part that breaks them. Written here because the only library with these
 * rules (kubernetes-models) checks whole objects and reports a JSON-schema path, not the field of
 * the environment file.
 */

/** A DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** The name part of a qualified name (and a non-empty label value). */
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

export const LABEL_NAME_MAX = 63;
export const DNS_SUBDOMAIN_MAX = 253;

/** Why `key` is not a Kubernetes qualified name (`prefix/name` or `name`), or undefined. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return `"${key}" has more than one "/"; a key is an optional DNS prefix, "/", then a name`;
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined) {
    if (prefix.length === 0) return `"${key}" has an empty prefix before "/"`;
    if (prefix.length > DNS_SUBDOMAIN_MAX) return `the prefix of "${key}" is ${prefix.length} characters; a DNS subdomain has at most ${DNS_SUBDOMAIN_MAX}`;
    const bad = prefix.split('.').find((label) => !DNS_LABEL.test(label) || label.length > 63);
    if (bad !== undefined) return `the prefix "${prefix}" is not a DNS subdomain: lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit ("${bad}" is not)`;
  }
  if (name.length === 0) return `"${key}" has an empty name`;
  if (name.length > LABEL_NAME_MAX) return `the name part of "${key}" is ${name.length} characters; Kubernetes allows ${LABEL_NAME_MAX}`;
  if (!NAME.test(name)) return `the name "${name}" uses letters, digits, "-", "_" and ".", starting and ending with a letter or digit`;
  return undefined;
}

/** Why `value` is not a Kubernetes label value, or undefined. Empty values are valid labels. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > LABEL_NAME_MAX) return `"${value.slice(0, 20)}..." is ${value.length} characters; label and taint values have at most ${LABEL_NAME_MAX}`;
  if (value.length > 0 && !NAME.test(value)) return `"${value}" uses letters, digits, "-", "_" and ".", starting and ending with a letter or digit`;
  return undefined;
}

/**
 * Label domains a kubelet may not set on its own node (the NodeRestriction admission plugin),
 * except the sub-domains it allows. Node group labels are set by the kubelet, so such a label
 * keeps the node from registering.
 */
export function kubeletRestrictedLabel(key: string): boolean {
  if (!key.includes('/')) return false;
  const domain = key.split('/')[0];
  if (!['kubernetes.io', 'k8s.io'].some((d) => domain === d || domain.endsWith(`.${d}`))) return false;
  return !['kubelet.kubernetes.io', 'node.kubernetes.io'].some((d) => domain === d || domain.endsWith(`.${d}`));
}
