import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { CustomerManagedPolicy } from '../security/managed-policy';
import { Construct } from 'constructs';
import type { DataModel } from '../data/resolve';

export interface ImageRepositoriesProps {
  readonly registry: DataModel['registry'];
  readonly key: kms.IKey;
  readonly removalPolicy: RemovalPolicy;
}

/** What pushing an image takes, on the repository itself. */
export const PUSH_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'ecr:DescribeImages',
];

/**
 * The push permissions on the given repositories: a registry login and PUSH_ACTIONS. The push
 * group and the pipeline's push role (src/delivery) both get exactly these.
 */
export function pushStatements(repositoryArns: readonly string[]): iam.PolicyStatement[] {
  const statements = [
    // GetAuthorizationToken has no resource type: `docker login` cannot work without it.
    new iam.PolicyStatement({ sid: 'RegistryLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
  ];
  if (repositoryArns.length > 0) {
    statements.push(new iam.PolicyStatement({ sid: 'PushApplicationImages', actions: PUSH_ACTIONS, resources: [...repositoryArns] }));
  }
  return statements;
}

/**
 * One ECR repository per application image (SPEC section 9): scan on push, immutable tags, the
 * infrastructure key, untagged images expiring first and only the newest tagged images kept.
 * The push group may push to exactly these repositories; nodes keep their read-only pull policy.
 */
export class ImageRepositories extends Construct {
  readonly repositories = new Map<string, ecr.Repository>();
  readonly pushGroup: iam.Group;
  readonly pushPolicy: CustomerManagedPolicy;

  constructor(scope: Construct, id: string, props: ImageRepositoriesProps) {
    super(scope, id);
    const { registry } = props;
    for (const { image, name } of registry.repositories) {
      const repository = new ecr.Repository(this, image, {
        repositoryName: name,
        imageScanOnPush: true,
        imageTagMutability: ecr.TagMutability.IMMUTABLE,
        encryption: ecr.RepositoryEncryption.KMS,
        encryptionKey: props.key,
        removalPolicy: props.removalPolicy,
        // CloudFormation deletes the images with the repository (EmptyOnDelete) where the
        // environment destroys its data; a repository with images otherwise fails the delete.
        emptyOnDelete: props.removalPolicy === RemovalPolicy.DESTROY ? true : undefined,
        lifecycleRules: [
          { rulePriority: 1, description: 'untagged images expire', tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(registry.untaggedExpireDays) },
          { rulePriority: 2, description: `keep the newest ${registry.keepTaggedImages} images`, tagStatus: ecr.TagStatus.ANY, maxImageCount: registry.keepTaggedImages },
        ],
      });
      this.repositories.set(image, repository);
    }

    this.pushGroup = new iam.Group(this, 'PushGroup', { groupName: registry.pushGroupName });
    const statements = pushStatements([...this.repositories.values()].map((r) => r.repositoryArn));
    this.pushPolicy = new CustomerManagedPolicy(this, 'PushPolicy', {
      managedPolicyName: registry.pushGroupName,
      description: `Members of ${registry.pushGroupName} push the application images to their repositories`,
      groups: [this.pushGroup],
      statements,
    });
  }
}

