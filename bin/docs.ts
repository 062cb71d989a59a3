/** Regenerate the generated docs (npm run docs). */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadEnvironment, shippedEnvironments } from '../src/config/load';
import { architectureDoc, configurationReference, environmentJsonSchema, workloadIdentityDoc } from '../src/report/docs';
import { chartsDoc } from '../src/report/charts-doc';
import { capacityDoc } from '../src/report/capacity-doc';
import { dataDoc } from '../src/report/data-doc';
import { operatorAccessDoc } from '../src/report/operator-access-doc';
import { applicationDoc } from '../src/report/application-doc';
import { deliveryDoc } from '../src/report/delivery-doc';
import { auditDoc } from '../src/report/audit-doc';
import { planDoc } from '../src/plan/plan-report';
import { compatibilityDoc } from '../src/report/compatibility-doc';
import { upgradesDoc } from '../src/upgrade/upgrades-doc';
import { planStacks, type DeployPlan } from '../src/plan/deploy-plan';
import { stackDependencies } from '../src/report/assembly';
import { complianceDoc } from '../src/compliance/compliance-doc';
import type { ComplianceReport } from '../src/compliance/report';
import { synthesizeCompliance } from '../src/compliance/synthesize';
import { deployTimeDoc } from '../src/plan/deploy-report';
import type { PlatformModel } from '../src/config/model';

interface Shipped {
  readonly plan: DeployPlan;
  readonly compliance: ComplianceReport;
}
const shippedSynths = new Map<string, Shipped>();

/**
 * A shipped environment synthesized once per process (CloudFormation validation off, the policy
 * checks on, with its account's delivery and audit stacks): its compliance report, and the
 * modelled deploy of its own stacks (the account's stacks are deployed apart, by an administrator).
 */
function shipped(model: PlatformModel): Shipped {
  const known = shippedSynths.get(model.envName);
  if (known) return known;
  let plan: DeployPlan | undefined;
  const own = `${model.project}-${model.envName}-`;
  const result = synthesizeCompliance({ env: model.envName }, {}, {
    validation: false,
    keep: (assembly) => {
      const stacks = assembly.stacks.filter((s) => s.stackName.startsWith(own));
      plan = planStacks(stacks.map((s) => ({ name: s.stackName, dependencies: stackDependencies(s), template: s.template })));
    },
  });
  if (!result.ok || !result.passed || !plan) throw new Error(`shipped environment ${model.envName} does not synthesize with every check passing: run npm run compliance -- -c env=${model.envName}`);
  const done = { plan, compliance: result.report };
  shippedSynths.set(model.envName, done);
  return done;
}

export function generatedDocs(): Record<string, string> {
  const models = shippedEnvironments().map((env) => {
    const loaded = loadEnvironment({ env });
    if (!loaded.ok) throw new Error(`shipped environment ${env} is invalid`);
    return loaded.model;
  });
  return {
    'docs/environment.schema.json': environmentJsonSchema(),
    'docs/configuration.md': configurationReference(),
    'docs/deployment-order.md': architectureDoc(models),
    'docs/workload-identity.md': workloadIdentityDoc(models[0]),
    'docs/charts.md': chartsDoc(models),
    'docs/data.md': dataDoc(models),
    'docs/capacity.md': capacityDoc(models),
    'docs/operator-access.md': operatorAccessDoc(models),
    'docs/application.md': applicationDoc(models),
    'docs/compatibility.md': compatibilityDoc(),
    'docs/upgrades.md': upgradesDoc(shippedEnvironments()),
    'docs/delivery.md': deliveryDoc(models),
    'docs/audit.md': auditDoc(models),
    'docs/deploy-time.md': deployTimeDoc(models.map((m) => ({ envName: m.envName, plan: shipped(m).plan }))),
    ...Object.fromEntries(models.map((m) => [`docs/plan-${m.envName}.md`, planDoc(m)])),
    ...Object.fromEntries(models.map((m) => [`docs/compliance-${m.envName}.md`, complianceDoc(shipped(m).compliance)])),
  };
}

if (require.main === module) {
  for (const [file, text] of Object.entries(generatedDocs())) {
    writeFileSync(resolve(__dirname, '..', file), text);
    console.log(`wrote ${file}`);
  }
}
