/**
 * How pods mount the platform's EFS file system: IAM-authorized and over TLS. Only the EFS CSI
 * driver's role may mount and write (src/identity/catalog.ts), and the file-system policy
 * (shared-file-system.ts) refuses anything outside mount targets, without TLS or as root; a mount
 * without `iam` is anonymous and refused ("access denied by server"). Every EFS volume uses these
 * options: the `efs` StorageClass for dynamic volumes and `efsStaticVolume` for static ones
 * (InfluxDB2's `/influxdb2` access point).
 *
 * Read from aws-efs-csi-driver at v3.2.0 (the pinned add-on): `iam` makes efs-utils authenticate
 * with "the CSI Node Pod's IAM identity" (docs/parameters.md), which is the role bound to
 * `efs-csi-node-sa` (IRSA or Pod Identity come before instance metadata in efs-utils'
 * credential chain). The driver encrypts in transit by default and warns that `tls` in
 * mountOptions is redundant (pkg/driver/node.go), but with `tls` listed a volume that says
 * `encryptInTransit: "false"` fails to mount instead of mounting in plain text.
 */

/** Mount options of every EFS volume of the platform. */
export const EFS_MOUNT_OPTIONS: readonly string[] = ['iam', 'tls'];

/** The EFS CSI driver's name, the `provisioner` of EFS StorageClasses and the driver of EFS volumes. */
export const EFS_CSI_DRIVER = 'efs.csi.aws.com';

export interface EfsStaticVolumeProps {
  /** PersistentVolume name. */
  readonly name: string;
  /** `<file system id>::<access point id>` (the data stack's `InfluxDbVolumeHandle` output). */
  readonly volumeHandle: string;
  /** Nominal size; EFS does not enforce it, but a claim must ask for no more. */
  readonly capacity: string;
  /** The claim that may bind it (namespace and name), so no other claim takes it. */
  readonly claim: { readonly namespace: string; readonly name: string };
  /** Defaults to `efs`, the platform's EFS StorageClass (a claim naming it binds this volume through claimRef). */
  readonly storageClassName?: string;
  /** Defaults to Retain: deleting the claim never deletes the data. */
  readonly reclaimPolicy?: 'Retain' | 'Delete';
}

/**
 * A static PersistentVolume on the platform's file system, mounted through an access point with
 * IAM authorization and TLS (the application layer's InfluxDB2 volume uses it).
 */
export function efsStaticVolume(props: EfsStaticVolumeProps): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: props.name, labels: { 'app.kubernetes.io/managed-by': 'eks-platform' } },
    spec: {
      capacity: { storage: props.capacity },
      volumeMode: 'Filesystem',
      accessModes: ['ReadWriteMany'],
      persistentVolumeReclaimPolicy: props.reclaimPolicy ?? 'Retain',
      storageClassName: props.storageClassName ?? 'efs',
      claimRef: { namespace: props.claim.namespace, name: props.claim.name },
      mountOptions: [...EFS_MOUNT_OPTIONS],
      csi: { driver: EFS_CSI_DRIVER, volumeHandle: props.volumeHandle, volumeAttributes: { encryptInTransit: 'true' } },
    },
  };
}
