/**
 * The CDK app for the `cdk` CLI (cdk.json): `npx cdk synth -c env=prod`.
 * Bad environments print their problems and exit non-zero before any stack is built.
 */
import { App } from 'aws-cdk-lib';
import { formatProblems, loadEnvironment } from '../src/config/load';
import { buildPlatform } from '../src/platform';
import { deliveryFor } from '../src/delivery/fleet';
import { formatFleetProblems } from '../src/delivery/fleet-rules';
import { auditFor } from '../src/audit/account';

const app = new App();
const result = loadEnvironment({
  env: app.node.tryGetContext('env'),
  envFile: app.node.tryGetContext('envFile'),
  identity: app.node.tryGetContext('identity'),
  appVersion: app.node.tryGetContext('appVersion'),
});
if (!result.ok) {
  console.error(formatProblems(result));
  process.exit(1);
}
// The account's delivery stack (`<project>-<account>-delivery`) comes with a delivered environment.
const delivery = deliveryFor(result.model, result.source);
if (!delivery.ok) {
  console.error(formatFleetProblems(delivery.problems));
  process.exit(1);
}
// The account's audit stack in this region (`<project>-<account>-<region>-audit`), unless the organization records it.
const audit = auditFor(result.model, result.source);
if (!audit.ok) {
  console.error(formatFleetProblems(audit.problems));
  process.exit(1);
}
buildPlatform(app, result.model, delivery.account, { audit: audit.account });
app.synth();
