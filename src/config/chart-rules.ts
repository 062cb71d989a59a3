/**
 * Checks on the chart catalog as an environment configures it: the dependency graph of the
 * enabled entries, what those entries need from the rest of the file, and the image mirror's
 * credentials.
 */
import { CHART_CATALOG } from '../charts/catalog';
import { enabledChartIds, registriesInUse } from '../charts/enabled';
import { PULL_THROUGH_SECRET_PREFIX, REGISTRIES } from '../charts/registries';
import { graphProblems } from '../plan/graph';
import { isInvalid, obj, type Raw } from './raw';
import { partitionOf } from './regions';
import type { ConfigProblem } from './problem';
import { helmTimeoutProblems } from '../plan/lambda-budget';


export function chartProblems(raw: Raw): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const identity = obj(raw.identity);
  const zone = typeof identity.route53ZoneId === 'string' ? identity.route53ZoneId : undefined;
  const karpenter = obj(raw.karpenter).enabled === true;
  const toggles = obj(raw.charts);
  const enabled = enabledChartIds(toggles, { route53ZoneId: zone, karpenter });

  for (const entry of CHART_CATALOG.filter((e) => e.switchedBy && obj(toggles[e.id]).enabled !== undefined)) {
    problems.push({ path: `charts.${entry.id}`, message: `"${entry.id}" is turned on and off by ${entry.switchedBy}, not under charts; remove charts.${entry.id}` });
  }

  for (const p of graphProblems(CHART_CATALOG, enabled)) problems.push({ path: `charts.${p.id}`, message: `"${p.id}" ${p.message}` });
  for (const p of helmTimeoutProblems(CHART_CATALOG, enabled)) problems.push({ path: `charts.${p.id}`, message: `"${p.id}" ${p.message}` });

  if (enabled.has('external-dns') && zone === undefined) {
    problems.push({
      path: 'charts.external-dns',
      message: 'external-dns needs identity.route53ZoneId (the only zone it may change); set it or turn the chart off with "enabled": false',
    });
  }

  const mirror = obj(raw.imageMirror);
  if (mirror.enabled === true) {
    const credentials = obj(mirror.credentials);
    const active = CHART_CATALOG.filter((e) => enabled.has(e.id));
    for (const [registry, users] of registriesInUse(active)) {
      const field = REGISTRIES[registry].credential;
      if (!field || typeof credentials[field] === 'string' || isInvalid(credentials[field])) continue;
      problems.push({
        path: `imageMirror.credentials.${field}`,
        message:
          `required while the mirror is on: ${users.join(', ')} pull from ${REGISTRIES[registry].host}, which ECR caches only with credentials. ` +
          `Store them in Secrets Manager as ${PULL_THROUGH_SECRET_PREFIX}<name> and give the secret's ARN, turn those charts off, or set imageMirror.enabled to false`,
      });
    }
    for (const [field, arn] of Object.entries(credentials)) {
      if (typeof arn !== 'string') continue;
      const [, partition, , region, account] = arn.split(':');
      // An ARN of another partition is reported once, by region-rules.ts.
      if (typeof raw.region === 'string' && partition === partitionOf(raw.region) && region !== raw.region) {
        problems.push({ path: `imageMirror.credentials.${field}`, message: `the secret is in ${region}, but pull-through cache rules read secrets only from their own region (${raw.region})` });
      }
      if (typeof raw.account === 'string' && account !== raw.account) {
        problems.push({ path: `imageMirror.credentials.${field}`, message: `the secret is in account ${account}, but the environment deploys to ${raw.account}; ECR reads pull-through secrets from its own account` });
      }
    }
  }
  return problems;
}
