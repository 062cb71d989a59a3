import { Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CustomerManagedPolicy } from '../security/managed-policy';
import { Construct, type IDependable } from 'constructs';
import { REGISTRIES, type ImageMirror as ImageMirrorModel } from './registries';

export interface ImageMirrorProps {
  readonly mirror: ImageMirrorModel;
  /** Roles whose pods pull through the mirror (the nodes): they may create cached repositories. */
  readonly pullers: readonly iam.IRole[];
}

/** Untagged cached layers go after two weeks; tagged images stay while charts reference them. */
const CACHE_LIFECYCLE = {
  rules: [
    {
      rulePriority: 1,
      description: 'expire untagged images 14 days after they were cached',
      selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 },
      action: { type: 'expire' },
    },
  ],
};

/**
 * ECR pull-through cache rules, one per public registry the enabled charts use (SPEC "ECR sync"),
 * with a repository creation template so every cached repository is KMS-encrypted and expires
 * untagged images. The first pull of an image creates its repository, so the nodes may create
 * repositories and import images under the mirror's prefixes, and nowhere else.
 */
export class ImageMirror extends Construct {
  /** Everything a chart's first image pull needs. */
  readonly dependables: IDependable[] = [];
  /** The nodes' permission to fill the cache (absent when the mirror is off). */
  readonly pullPolicy?: CustomerManagedPolicy;

  constructor(scope: Construct, id: string, props: ImageMirrorProps) {
    super(scope, id);
    const { mirror } = props;
    if (!mirror.enabled || mirror.rules.length === 0) return;
    const stack = Stack.of(this);

    for (const rule of mirror.rules) {
      const upstream = REGISTRIES[rule.registry];
      const template = new ecr.CfnRepositoryCreationTemplate(this, `${rule.registry}-template`, {
        prefix: rule.prefix,
        appliedFor: ['PULL_THROUGH_CACHE'],
        description: `Repositories cached from ${upstream.host} for the platform charts`,
        encryptionConfiguration: { encryptionType: 'KMS' },
        // The cache refreshes tags from upstream, so cached tags cannot be immutable.
        imageTagMutability: 'MUTABLE',
        lifecyclePolicy: JSON.stringify(CACHE_LIFECYCLE),
      });
      const cacheRule = new ecr.CfnPullThroughCacheRule(this, `${rule.registry}-rule`, {
        ecrRepositoryPrefix: rule.prefix,
        upstreamRegistry: upstream.upstreamRegistry,
        upstreamRegistryUrl: upstream.upstreamUrl,
        credentialArn: rule.credentialArn,
      });
      cacheRule.node.addDependency(template);
      this.dependables.push(template, cacheRule);
    }

    this.pullPolicy = new CustomerManagedPolicy(this, 'pull-through-policy', {
      managedPolicyName: `${stack.stackName}-image-mirror`,
      description: 'Nodes and Fargate fill the image mirror: the first pull of an image creates its cached repository',
      roles: [...props.pullers],
      statements: [
        new iam.PolicyStatement({
          sid: 'CreateCachedRepositoriesOnFirstPull',
          actions: ['ecr:CreateRepository', 'ecr:BatchImportUpstreamImage'],
          resources: mirror.rules.map((r) => mirrorRepositoriesArn(stack, r.prefix)),
        }),
      ],
    });
    this.dependables.push(this.pullPolicy);
  }
}

/** ARN pattern of the repositories a pull-through rule creates. */
export function mirrorRepositoriesArn(stack: Stack, prefix: string): string {
  return `arn:${stack.partition}:ecr:${stack.region}:${stack.account}:repository/${prefix}/*`;
}
