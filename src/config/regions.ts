/**
 * The AWS Regions an environment may name, per partition, with the Availability Zone codes each
 * has. Data, compiled 2026-11-28; a Region launched since is added here (one line).
 *
 * Sources and how far each fact is traced:
 * - Zone codes are the Region code plus a letter, and every Region has at least three zones:
 *   AWS, "AWS Availability Zones" (docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html).
 * - Zone counts: the AZ IDs that page lists per Region, and the AZ ID table of "Supported
 *   Availability Zones for One Zone file systems" (docs.aws.amazon.com/efs/latest/ug/OneZoneAZs.html).
 * - Which letters exist: the page above lists AZ IDs, not letters. In Regions opened after 2012
 *   letters follow the AZ count (a, b, c...). In the oldest Regions AWS maps letters to zones per
 *   account (accounts created before November 2025), and some letters are retired or offered only
 *   to older accounts; for those the letters are every one that `aws ec2 describe-availability-zones`
 *   listings published in public repositories show (jsonmaur/aws-regions; a 2025 Terraform zone
 *   map listing ZoneId and ZoneName per Region), so an account may see fewer of them. A letter not
 *   listed here is refused; one listed may still be missing from a given account.
 * - Not traced from an AWS page, taken from those listings alone: ap-east-2, ap-southeast-6,
 *   mx-central-1 letters; aws-cn (cn-north-1 a, b, d; cn-northwest-1 a, b, c) and aws-us-gov
 *   (a, b, c in both Regions) letters. The partitions of aws-iso* and the European Sovereign Cloud
 *   are not listed: the platform is not checked there.
 */
export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

const abc = 'abc';

/** Region code → the letters of its Availability Zones, per partition. */
export const REGION_ZONES: Readonly<Record<Partition, Readonly<Record<string, string>>>> = {
  aws: {
    'us-east-1': 'abcdef', // independently mapped: use1-az1..az6
    'us-east-2': abc,
    'us-west-1': abc, // independently mapped: two zones (usw1-az1, usw1-az3) under two of a, b, c
    'us-west-2': 'abcd',
    'af-south-1': abc,
    'ap-east-1': abc,
    'ap-east-2': abc,
    'ap-south-1': abc,
    'ap-south-2': abc,
    'ap-southeast-1': abc,
    'ap-southeast-2': abc,
    'ap-southeast-3': abc,
    'ap-southeast-4': abc,
    'ap-southeast-5': abc,
    'ap-southeast-6': abc,
    'ap-southeast-7': abc,
    'ap-northeast-1': 'abcd', // independently mapped: a, c, d; b (apne1-az3) only in some older accounts
    'ap-northeast-2': 'abcd',
    'ap-northeast-3': abc,
    'ca-central-1': 'abd', // cac1-az1, az2, az4: there is no ca-central-1c
    'ca-west-1': abc,
    'eu-central-1': abc,
    'eu-central-2': abc,
    'eu-north-1': abc,
    'eu-south-1': abc,
    'eu-south-2': abc,
    'eu-west-1': abc,
    'eu-west-2': abc,
    'eu-west-3': abc,
    'il-central-1': abc,
    'me-central-1': abc,
    'me-south-1': abc,
    'mx-central-1': abc,
    'sa-east-1': abc,
  },
  'aws-cn': {
    'cn-north-1': 'abd',
    'cn-northwest-1': abc,
  },
  'aws-us-gov': {
    'us-gov-east-1': abc,
    'us-gov-west-1': abc,
  },
};

const PARTITION_OF = new Map<string, Partition>(
  (Object.keys(REGION_ZONES) as Partition[]).flatMap((p) => Object.keys(REGION_ZONES[p]).map((r) => [r, p] as [string, Partition])),
);

export const KNOWN_REGIONS: readonly string[] = [...PARTITION_OF.keys()];

/** The partition of a known Region, or undefined for one this table does not know. */
export function partitionOf(region: string): Partition | undefined {
  return PARTITION_OF.get(region);
}

/** The Availability Zone codes of a known Region. */
export function zonesOf(region: string): string[] {
  const partition = PARTITION_OF.get(region);
  return partition ? [...REGION_ZONES[partition][region]].map((letter) => `${region}${letter}`) : [];
}

/** The DNS suffix of a partition's service endpoints and service principals. */
export function dnsSuffixOf(partition: Partition | string): string {
  return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}
