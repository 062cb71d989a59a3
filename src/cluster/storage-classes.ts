import type { CfnResource } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import type { StorageClassModel } from '../data/resolve';

export interface StorageClassesProps {
  readonly cluster: eks.ICluster;
  readonly storageClasses: readonly StorageClassModel[];
  /** The EFS file system of the data stack, required when a class is provisioned on it. */
  readonly fileSystemId?: string;
  /** Resources to apply after (the CSI add-ons whose provisioners the classes name), when in the same stack. */
  readonly after?: readonly CfnResource[];
}

/**
 * The classes that the platform charts' claims may use (gp3, io2): everything but the classes on
 * the data stack's file system, which the application stack applies (it reads the data stack; the
 * charts stack does not, so it deploys beside the data services).
 */
export function platformStorageClasses(classes: readonly StorageClassModel[]): StorageClassModel[] {
  return classes.filter((c) => !c.onPlatformFileSystem);
}

/** The classes provisioned on the data stack's EFS file system (`efs`). */
export function fileSystemStorageClasses(classes: readonly StorageClassModel[]): StorageClassModel[] {
  return classes.filter((c) => c.onPlatformFileSystem);
}

/** The StorageClass objects of the model (SPEC section 8), as the cluster receives them. */
export function storageClassObjects(classes: readonly StorageClassModel[], fileSystemId?: string): Record<string, unknown>[] {
  return classes.map((c) => {
    if (c.onPlatformFileSystem && fileSystemId === undefined) {
      throw new Error(`StorageClass ${c.name} is provisioned on the data stack's file system: pass its id (only a stack that reads the data stack can apply it)`);
    }
    return {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: c.name,
        labels: { 'app.kubernetes.io/managed-by': 'eks-platform' },
        annotations: { 'storageclass.kubernetes.io/is-default-class': String(c.isDefault) },
      },
      provisioner: c.provisioner,
      parameters: { ...c.parameters, ...(c.onPlatformFileSystem ? { fileSystemId } : {}) },
      ...(c.mountOptions ? { mountOptions: [...c.mountOptions] } : {}),
      reclaimPolicy: c.reclaimPolicy,
      volumeBindingMode: c.volumeBindingMode,
      allowVolumeExpansion: c.allowVolumeExpansion,
    };
  });
}

/** StorageClasses of the model, applied through the cluster's kubectl provider after the CSI drivers. */
export class StorageClasses extends Construct {
  readonly manifest: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: StorageClassesProps) {
    super(scope, id);
    this.manifest = new eks.KubernetesManifest(this, 'Manifest', {
      cluster: props.cluster,
      manifest: storageClassObjects(props.storageClasses, props.fileSystemId),
      // Re-applying an unchanged class is a no-op. Parameters are immutable: changing one means
      // deleting the class first (docs/data.md).
      overwrite: true,
    });
    for (const addon of props.after ?? []) this.manifest.node.addDependency(addon);
  }
}
