import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { generatedDocs } from '../bin/docs';

describe('generated docs', () => {
  for (const [file, text] of Object.entries(generatedDocs())) {
    it(`${file} is what the code generates (run npm run docs)`, () => {
      assert.equal(readFileSync(resolve(__dirname, '..', file), 'utf8'), text);
    });
  }

  it('the configuration reference documents every field with a description', () => {
    const reference = generatedDocs()['docs/configuration.md'];
    for (const field of ['network.vpcCidr', 'cluster.endpoint.publicCidrs', 'nodeGroup.instanceTypes', 'nodeGroup.metadataHopLimit', 'cluster.access.view[].namespaces']) {
      assert.match(reference, new RegExp(`\\| \`${field.replace(/[[\].]/g, '\\$&')}\` \\|`), field);
    }
  });
});
