/**
 * The AWS side of a teardown, with the AWS SDK for JavaScript v3: what the cluster's controllers
 * made (Karpenter's instances, the load balancer controller's load balancers), found by the tags
 * those controllers put on them, and the data that would make CloudFormation's delete fail
 * (objects and versions in buckets, repositories the image mirror created outside any stack).
 */
import { DescribeInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { DeleteRepositoryCommand, DescribeRepositoriesCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { DescribeLoadBalancersCommand, DescribeTagsCommand, type ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DeleteObjectsCommand, ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3';

/** Karpenter tags its instances with the cluster's ownership tag and the NodePool that made them. */
export async function nodePoolInstances(ec2: EC2Client, clusterName: string): Promise<string[]> {
  const ids: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: `tag:kubernetes.io/cluster/${clusterName}`, Values: ['owned'] },
          { Name: 'tag-key', Values: ['karpenter.sh/nodepool'] },
          // Terminated instances hold nothing: no network interface, no volume.
          { Name: 'instance-state-name', Values: ['pending', 'running', 'shutting-down', 'stopping', 'stopped'] },
        ],
        NextToken,
      }),
    );
    for (const r of page.Reservations ?? []) for (const i of r.Instances ?? []) if (i.InstanceId) ids.push(i.InstanceId);
    NextToken = page.NextToken;
  } while (NextToken);
  return ids.sort();
}

/** The load balancer controller tags every load balancer it makes with `elbv2.k8s.aws/cluster`. */
export async function clusterLoadBalancers(elbv2: ElasticLoadBalancingV2Client, clusterName: string): Promise<string[]> {
  const arns: string[] = [];
  let Marker: string | undefined;
  do {
    const page = await elbv2.send(new DescribeLoadBalancersCommand({ Marker }));
    for (const lb of page.LoadBalancers ?? []) if (lb.LoadBalancerArn) arns.push(lb.LoadBalancerArn);
    Marker = page.NextMarker;
  } while (Marker);
  const owned: string[] = [];
  // DescribeTags takes at most 20 ARNs a call.
  for (let i = 0; i < arns.length; i += 20) {
    const tags = await elbv2.send(new DescribeTagsCommand({ ResourceArns: arns.slice(i, i + 20) }));
    for (const d of tags.TagDescriptions ?? []) {
      if (d.ResourceArn && (d.Tags ?? []).some((t) => t.Key === 'elbv2.k8s.aws/cluster' && t.Value === clusterName)) owned.push(d.ResourceArn);
    }
  }
  return owned.sort();
}

/** Repositories whose names start with one of the prefixes (the image mirror's `<env>/<registry>/`). */
export async function repositoriesUnder(ecr: ECRClient, prefixes: readonly string[]): Promise<string[]> {
  if (prefixes.length === 0) return [];
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ecr.send(new DescribeRepositoriesCommand({ nextToken }));
    for (const r of page.repositories ?? []) if (r.repositoryName && prefixes.some((p) => r.repositoryName!.startsWith(p))) names.push(r.repositoryName);
    nextToken = page.nextToken;
  } while (nextToken);
  return names.sort();
}

/** Delete a repository with its images (the mirror's caches hold only copies of public images). */
export async function deleteRepository(ecr: ECRClient, name: string): Promise<void> {
  await ecr.send(new DeleteRepositoryCommand({ repositoryName: name, force: true }));
}

export interface BucketContents {
  /** Object versions and delete markers. */
  readonly versions: number;
}

/** Count what a versioned bucket holds (every version and delete marker), or report that it is already gone. */
export async function countBucket(s3: S3Client, bucket: string): Promise<BucketContents | 'missing'> {
  let versions = 0;
  let KeyMarker: string | undefined;
  let VersionIdMarker: string | undefined;
  try {
    do {
      const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker, VersionIdMarker }));
      versions += (page.Versions?.length ?? 0) + (page.DeleteMarkers?.length ?? 0);
      KeyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      VersionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (KeyMarker !== undefined);
  } catch (e) {
    if ((e as { name?: string }).name === 'NoSuchBucket') return 'missing';
    throw e;
  }
  return { versions };
}

/**
 * Delete every version and delete marker of a bucket, a page (at most 1,000) at a time, in one
 * pass. Returns how many were deleted; versions S3 refused are thrown together, naming a few.
 */
export async function emptyBucket(s3: S3Client, bucket: string): Promise<number> {
  let deleted = 0;
  const refused: string[] = [];
  let KeyMarker: string | undefined;
  let VersionIdMarker: string | undefined;
  do {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker, VersionIdMarker }));
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({ Key: v.Key!, VersionId: v.VersionId }));
    if (objects.length > 0) {
      const result = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
      const errors = result.Errors ?? [];
      deleted += objects.length - errors.length;
      refused.push(...errors.map((e) => `${e.Key} (${e.Code ?? 'error'})`));
    }
    KeyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    VersionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (KeyMarker !== undefined);
  if (refused.length > 0) throw new Error(`S3 refused to delete ${refused.length} version(s), e.g. ${refused.slice(0, 3).join(', ')}`);
  return deleted;
}
