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
import { planDoc } from '../src/plan/plan-report';
import { compatibilityDoc } from '../src/report/compatibility-doc';
import { upgradesDoc } from '../src/upgrade/upgrades-doc';

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
    ...Object.fromEntries(models.map((m) => [`docs/plan-${m.envName}.md`, planDoc(m)])),
  };
}

if (require.main === module) {
  for (const [file, text] of Object.entries(generatedDocs())) {
    writeFileSync(resolve(__dirname, '..', file), text);
    console.log(`wrote ${file}`);
  }
}
