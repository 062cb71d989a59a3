/**
 * Tear down one environment completely (src/teardown/teardown.ts): in argocd delivery first the
 * Argo CD Applications whose objects make AWS resources, highest sync wave first; then Kubernetes
 * objects that make AWS resources, a bounded wait for Karpenter's instances and the cluster's load
 * balancers, the image mirror's repositories, the versioned buckets and the backup vault's recovery
 * points, then `cdk destroy` of the environment's own stacks. A dry run
 * unless --confirm; refuses environments whose data.removalPolicy is retain.
 *
 *   npm run teardown -- -c env=dev              # dry run: what would be removed
 *   npm run teardown -- -c env=dev --confirm    # do it
 */
import { spawn } from 'node:child_process';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { S3Client } from '@aws-sdk/client-s3';
import { BackupClient } from '@aws-sdk/client-backup';
import { STSClient } from '@aws-sdk/client-sts';
import { formatProblems, loadEnvironment } from '../src/config/load';
import { destroyCommand, parseTeardownArgs, USAGE } from '../src/teardown/args';
import { kubernetesClient } from '../src/teardown/kubernetes';
import { clusterArn, teardownTargets } from '../src/teardown/targets';
import { teardown } from '../src/teardown/teardown';

async function main(): Promise<number> {
  const args = parseTeardownArgs(process.argv.slice(2));
  if ('error' in args) {
    console.error(`error: ${args.error}\n${USAGE}`);
    return 2;
  }
  const loaded = loadEnvironment({ env: args.context.env, envFile: args.context.envFile, identity: args.context.identity });
  if (!loaded.ok) {
    console.error(formatProblems(loaded));
    return 1;
  }
  const targets = teardownTargets(loaded.model);
  const region = targets.region;
  const report = await teardown(
    targets,
    {
      kubernetes: () => kubernetesClient(clusterArn(targets), args.kubeContext),
      ec2: new EC2Client({ region }),
      elbv2: new ElasticLoadBalancingV2Client({ region }),
      ecr: new ECRClient({ region }),
      s3: new S3Client({ region }),
      backup: new BackupClient({ region }),
      sts: new STSClient({ region }),
      destroy: (command) =>
        new Promise((resolve) => {
          const child = spawn(command[0], command.slice(1), { stdio: 'inherit' });
          child.on('error', () => resolve(127));
          child.on('exit', (code) => resolve(code ?? 1));
        }),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      now: () => Date.now(),
      log: (line) => console.log(line),
    },
    { confirm: args.confirm, waitMinutes: args.waitMinutes, pollSeconds: 15, destroyCommand: (stacks) => destroyCommand(args.context, stacks) },
  );
  return report.exitCode;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`Teardown failed: ${(e as Error).message.split('\n')[0]}\nThis is a defect of eks-platform, not of the environment; please report it with the command you ran.`);
    process.exit(1);
  },
);
