/**
 * Cross-field checks of the data section: names the data services derive from the project and
 * environment, and what the data stack needs from the network.
 */
import type { ConfigProblem } from './problem';
import { isInvalid, obj } from './raw';

/** ElastiCache's limit on replication group ids (the longest name the data stack derives). */
export const REDIS_ID_MAX = 40;

export function dataProblems(raw: Record<string, unknown>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const network = obj(raw.network);
  const data = obj(raw.data);
  const buckets = obj(data.buckets);

  if (typeof raw.project === 'string' && typeof raw.name === 'string') {
    const id = `${raw.project}-${raw.name}-redis`;
    if (id.length > REDIS_ID_MAX) {
      add('name', `the Redis replication group id ${id} is ${id.length} characters; ElastiCache allows ${REDIS_ID_MAX}: shorten project or name`);
    }
  }

  // DocumentDB's password rotation runs in the private subnets and reaches Secrets Manager only
  // through its endpoint.
  if (Array.isArray(network.endpoints) && !network.endpoints.some(isInvalid) && !network.endpoints.includes('secretsmanager')) {
    add('network.endpoints', 'add "secretsmanager": the DocumentDB password rotation reaches Secrets Manager through this endpoint');
  }

  if (typeof buckets.backend === 'string' && buckets.backend === buckets.infra) {
    add('data.buckets.infra', `the infra bucket must differ from the backend bucket (${buckets.backend})`);
  }
  return problems;
}
