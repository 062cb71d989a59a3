/**
 * Checks that follow from the Region: its Availability Zones, and the partition every ARN in the
 * file must share with it. A Region that is not known is reported on `region` alone (schema), so
 * these stay silent for it.
 */
import type { ConfigProblem } from './problem';
import { obj, type Raw } from './raw';
import { partitionOf, zonesOf } from './regions';

const ARN_PARTITION = /^arn:([^:]+):/;

export function regionProblems(raw: Raw): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const region = typeof raw.region === 'string' ? raw.region : undefined;
  const partition = region ? partitionOf(region) : undefined;
  if (!region || !partition) return problems;

  // Availability Zones of that Region, distinct.
  if (Array.isArray(raw.availabilityZones)) {
    const zones = zonesOf(region);
    const seen = new Set<string>();
    raw.availabilityZones.forEach((az, i) => {
      if (typeof az !== 'string') return;
      if (!zones.includes(az)) {
        add(`availabilityZones[${i}]`, `"${az}" is not an Availability Zone of ${region}; its zones are ${zones.join(', ')} (src/config/regions.ts)`);
      } else if (seen.has(az)) {
        add(`availabilityZones[${i}]`, `"${az}" is listed twice; use 3 distinct zones`);
      }
      seen.add(az);
    });
  }

  // ARNs: IAM and Secrets Manager refuse an ARN of another partition.
  const arnFields: Array<[string, unknown]> = [];
  const access = obj(obj(raw.cluster).access);
  for (const level of Object.keys(access)) {
    (Array.isArray(access[level]) ? access[level] : []).forEach((e: unknown, i: number) => arnFields.push([`cluster.access.${level}[${i}].principalArn`, obj(e).principalArn]));
  }
  for (const [field, arn] of Object.entries(obj(obj(raw.imageMirror).credentials))) arnFields.push([`imageMirror.credentials.${field}`, arn]);
  for (const [path, arn] of arnFields) {
    const found = typeof arn === 'string' ? ARN_PARTITION.exec(arn)?.[1] : undefined;
    if (found && found !== partition) {
      add(path, `the ARN is in partition ${found}, but ${region} is in ${partition}; write it as arn:${partition}:...`);
    }
  }
  return problems;
}
