/**
 * Validators of custom resources without a published model package, compiled from the upstream
 * CRD schemas committed under test/fixtures/crds (each file names its source repository, tag and
 * path).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';

/**
 * A CRD schema as the API server applies it with strict field validation: an object that lists
 * its properties and does not preserve unknown fields rejects any other field (a typo in a value
 * fails here instead of being pruned silently).
 */
export function strictFields(schema: any): any {
  if (Array.isArray(schema)) return schema.map(strictFields);
  if (!schema || typeof schema !== 'object') return schema;
  const out: any = Object.fromEntries(Object.entries<any>(schema).map(([k, v]) => [k, k === 'properties' ? Object.fromEntries(Object.entries<any>(v).map(([pk, pv]) => [pk, strictFields(pv)])) : strictFields(v)]));
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
    // apiVersion, kind and metadata are the API server's, on every object.
    if (out.properties.apiVersion && out.properties.kind) out.properties.metadata ??= { type: 'object' };
  }
  return out;
}

export const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

/** Validators by `<apiVersion> <kind>` for the given fixture files (`<group>_<version>_<Kind>`). */
export function crdValidators(files: readonly string[]): Map<string, ValidateFunction> {
  return new Map(
    files.map((file) => {
      const fixture = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures/crds', `${file}.json`), 'utf8'));
      return [`${fixture.group}/${fixture.version} ${fixture.kind}`, ajv.compile(strictFields(fixture.openAPIV3Schema))];
    }),
  );
}
