import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { ROOT } from '../../scripts/generate-api.js';
import { buildKinds, PLAIN_KINDS } from '../../src/controllers/kinds.js';
import { withDefaults } from '../../src/provisioning-api/config-defaults.js';
import { requestSchema } from '../../src/provisioning-api/schemas.js';
import { extractSecureValues } from '../../src/provisioning-api/secure-values.js';
import { TypeTable } from '../../src/provisioning-api/type-table.js';
import { validateSpec } from '../../src/runtime/validation.js';

/** Every POST body in docs/provisioning-api.md, as the API would take it. */
const doc = readFileSync(path.join(ROOT, 'docs', 'provisioning-api.md'), 'utf8');
const bodies = [...doc.matchAll(/```bash\n([\s\S]*?)```/g)].flatMap((block) =>
  [...block[1]!.matchAll(/-d '([\s\S]*?)'\n/g)].map(
    (match) => JSON.parse(match[1]!) as Record<string, unknown>,
  ),
);

describe('docs/provisioning-api.md', () => {
  const types = new TypeTable(buildKinds({ ruleGroupOwners: {} as never }), PLAIN_KINDS);

  it('has a curl example of every type', () => {
    expect(new Set(bodies.map((body) => body.type))).toEqual(new Set(types.names()));
  });

  it.each(bodies.map((body) => [`${String(body.type)} ${String(body.name)}`, body]))(
    '%s: the served schema and the kind take it',
    (_, body) => {
      const type = types.get(String(body.type))!;
      const validate = new Ajv({ strict: false }).compile(requestSchema(type));
      expect({ valid: validate(body), errors: validate.errors }).toEqual({ valid: true, errors: null });
      const config = body.config as Record<string, unknown>;
      const { spec } = extractSecureValues(
        type.specSchema,
        withDefaults(type.name, String(body.name), config),
        's',
      );
      expect(validateSpec(type.specSchema, spec).errors).toEqual([]);
    },
  );
});
