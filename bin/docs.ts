/** Regenerate the generated docs (npm run docs). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadEnvironment, shippedEnvironments } from '../src/config/load';
import { architectureDoc, configurationReference, environmentJsonSchema, workloadIdentityDoc } from '../src/report/docs';
import { chartsDoc } from '../src/report/charts-doc';
import { capacityDoc } from '../src/report/capacity-doc';
import { dataDoc } from '../src/report/data-doc';
import { operatorAccessDoc } from '../src/report/operator-access-doc';
import { applicationDoc } from '../src/report/application-doc';
import { deliveryDoc } from '../src/report/delivery-doc';
import { planDoc } from '../src/plan/plan-report';
import { compatibilityDoc } from '../src/report/compatibility-doc';
import { upgradesDoc } from '../src/upgrade/upgrades-doc';
import { deployPlan, type DeployPlan } from '../src/plan/deploy-plan';
import { deployTimeDoc } from '../src/plan/deploy-report';
import type { PlatformModel } from '../src/config/model';
import { buildApp } from '../src/synth';

const plans = new Map<string, DeployPlan>();

/** The modelled deploy of a shipped environment, from its templates (synthesized once per process, validation off). */
function shippedPlan(model: PlatformModel): DeployPlan {
  const known = plans.get(model.envName);
  if (known) return known;
  const outdir = mkdtempSync(join(tmpdir(), 'eks-platform-docs-'));
  try {
    const plan = deployPlan(buildApp(model, { outdir, validation: false }).app.synth());
    plans.set(model.envName, plan);
    return plan;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
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
    'docs/deploy-time.md': deployTimeDoc(models.map((m) => ({ envName: m.envName, plan: shippedPlan(m) }))),
    ...Object.fromEntries(models.map((m) => [`docs/plan-${m.envName}.md`, planDoc(m)])),
  };
}

if (require.main === module) {
  for (const [file, text] of Object.entries(generatedDocs())) {
    writeFileSync(resolve(__dirname, '..', file), text);
    console.log(`wrote ${file}`);
  }
}
