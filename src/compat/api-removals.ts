/**
 * Kubernetes API versions by the minor that stops serving them, from the Deprecated API
 * Migration Guide. Its newest section is v1.32; it lists no removal for 1.33 to 1.37, so a
 * manifest that passes 1.32 passes every catalogued minor until the guide says otherwise. The
 * upgrade plan checks the platform's own manifests against it, and a test checks the literal
 * apiVersions of every pinned chart (from the values index).
 */
import type { Evidence } from '../config/provenance';
import { compareMinors } from '../config/provenance';

export const API_REMOVALS_SOURCE: Evidence = {
  kind: 'release-notes',
  url: 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/',
  detail: 'Removed APIs by release; newest section v1.32 (flowcontrol.apiserver.k8s.io/v1beta3), none listed for 1.33 and later',
};

export interface ApiRemoval {
  /** The first minor that no longer serves it. */
  readonly removedIn: string;
  readonly apiVersion: string;
  readonly kinds: readonly string[];
  readonly replacement: string;
}

const r = (removedIn: string, apiVersion: string, kinds: string[], replacement: string): ApiRemoval => ({ removedIn, apiVersion, kinds, replacement });

export const API_REMOVALS: readonly ApiRemoval[] = [
  r('1.16', 'extensions/v1beta1', ['NetworkPolicy', 'DaemonSet', 'Deployment', 'ReplicaSet', 'PodSecurityPolicy'], 'networking.k8s.io/v1, apps/v1'),
  r('1.16', 'apps/v1beta1', ['Deployment', 'StatefulSet', 'ReplicaSet'], 'apps/v1'),
  r('1.16', 'apps/v1beta2', ['DaemonSet', 'Deployment', 'StatefulSet', 'ReplicaSet'], 'apps/v1'),
  r('1.22', 'admissionregistration.k8s.io/v1beta1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], 'admissionregistration.k8s.io/v1'),
  r('1.22', 'apiextensions.k8s.io/v1beta1', ['CustomResourceDefinition'], 'apiextensions.k8s.io/v1'),
  r('1.22', 'apiregistration.k8s.io/v1beta1', ['APIService'], 'apiregistration.k8s.io/v1'),
  r('1.22', 'authentication.k8s.io/v1beta1', ['TokenReview'], 'authentication.k8s.io/v1'),
  r('1.22', 'authorization.k8s.io/v1beta1', ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SubjectAccessReview'], 'authorization.k8s.io/v1'),
  r('1.22', 'certificates.k8s.io/v1beta1', ['CertificateSigningRequest'], 'certificates.k8s.io/v1'),
  r('1.22', 'coordination.k8s.io/v1beta1', ['Lease'], 'coordination.k8s.io/v1'),
  r('1.22', 'extensions/v1beta1', ['Ingress'], 'networking.k8s.io/v1'),
  r('1.22', 'networking.k8s.io/v1beta1', ['Ingress', 'IngressClass'], 'networking.k8s.io/v1'),
  r('1.22', 'rbac.authorization.k8s.io/v1beta1', ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], 'rbac.authorization.k8s.io/v1'),
  r('1.22', 'scheduling.k8s.io/v1beta1', ['PriorityClass'], 'scheduling.k8s.io/v1'),
  r('1.22', 'storage.k8s.io/v1beta1', ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], 'storage.k8s.io/v1'),
  r('1.25', 'batch/v1beta1', ['CronJob'], 'batch/v1'),
  r('1.25', 'discovery.k8s.io/v1beta1', ['EndpointSlice'], 'discovery.k8s.io/v1'),
  r('1.25', 'events.k8s.io/v1beta1', ['Event'], 'events.k8s.io/v1'),
  r('1.25', 'autoscaling/v2beta1', ['HorizontalPodAutoscaler'], 'autoscaling/v2'),
  r('1.25', 'policy/v1beta1', ['PodDisruptionBudget', 'PodSecurityPolicy'], 'policy/v1 (PodSecurityPolicy: Pod Security Admission)'),
  r('1.25', 'node.k8s.io/v1beta1', ['RuntimeClass'], 'node.k8s.io/v1'),
  r('1.26', 'flowcontrol.apiserver.k8s.io/v1beta1', ['FlowSchema', 'PriorityLevelConfiguration'], 'flowcontrol.apiserver.k8s.io/v1'),
  r('1.26', 'autoscaling/v2beta2', ['HorizontalPodAutoscaler'], 'autoscaling/v2'),
  r('1.27', 'storage.k8s.io/v1beta1', ['CSIStorageCapacity'], 'storage.k8s.io/v1'),
  r('1.29', 'flowcontrol.apiserver.k8s.io/v1beta2', ['FlowSchema', 'PriorityLevelConfiguration'], 'flowcontrol.apiserver.k8s.io/v1'),
  r('1.32', 'flowcontrol.apiserver.k8s.io/v1beta3', ['FlowSchema', 'PriorityLevelConfiguration'], 'flowcontrol.apiserver.k8s.io/v1'),
];

/** The removal that makes `apiVersion kind` unusable on `minor`, if any. */
export function removedBy(apiVersion: string, kind: string, minor: string): ApiRemoval | undefined {
  return API_REMOVALS.find((x) => x.apiVersion === apiVersion && x.kinds.includes(kind) && compareMinors(minor, x.removedIn) >= 0);
}
