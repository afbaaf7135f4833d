import { defaultedFields } from './config-defaults.js';
import { acceptingPlainSecureValues } from './secure-values.js';
import type { ProvisioningType, TypeTable } from './type-table.js';

const NAME_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';

/**
 * The JSON schema of a POST body for one type: `config` is the kind's generated spec schema (the
 * CRD's, CEL rules aside), without requiring what the API fills in.
 */
export function requestSchema(type: ProvisioningType): Record<string, unknown> {
  const spec = acceptingPlainSecureValues(type.specSchema) as { required?: string[] } & Record<
    string,
    unknown
  >;
  const defaulted = defaultedFields(type.name);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `${type.name} (${type.resource.kind})`,
    type: 'object',
    required: ['type', 'name', 'config'],
    additionalProperties: false,
    properties: {
      type: { const: type.name },
      name: {
        type: 'string',
        maxLength: 253,
        pattern: NAME_PATTERN,
        description: `The ${type.resource.kind}'s metadata.name; the object's id is ${type.name}.<name>.`,
      },
      config: {
        ...spec,
        description: `The ${type.resource.kind}'s spec (docs/kinds.md). Filled in when absent: ${defaulted.join(', ')}.`,
        required: (spec.required ?? []).filter((field) => !defaulted.includes(field)),
      },
    },
  };
}

const errorBody = {
  type: 'object',
  required: ['code', 'reason', 'message'],
  properties: {
    code: { type: 'integer' },
    reason: { type: 'string' },
    message: { type: 'string' },
    errors: { type: 'array', items: { type: 'string' }, description: 'Every failing field path (400).' },
    types: { type: 'array', items: { type: 'string' }, description: 'The types (400 for an unknown type).' },
    conflicts: {
      type: 'array',
      description: 'Fields another field manager owns (409).',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, manager: { type: 'string' }, message: { type: 'string' } },
      },
    },
    missingPermission: { type: 'object', description: 'The permission the caller lacks (403).' },
  },
};

const statusView = {
  type: 'object',
  required: ['id', 'status', 'instances'],
  properties: {
    id: { type: 'string', example: 'datasource.prometheus' },
    status: { type: 'string', enum: ['pending', 'applied', 'failed', 'deleting'] },
    reason: { type: 'string', description: "The Ready condition's reason at the object's generation." },
    message: { type: 'string' },
    generation: { type: 'integer' },
    observedGeneration: { type: 'integer' },
    instancesSummary: { type: 'string' },
    instances: { type: 'array', items: { type: 'object' } },
  },
};

/** The OpenAPI 3 document of one version of the API. */
export function openApiDocument(types: TypeTable, prefix: string, version: string): Record<string, unknown> {
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const json = (schema: unknown) => ({ 'application/json': { schema } });
  const error = (description: string) => ({ description, content: json(ref('Error')) });
  const namespace = { name: 'namespace', in: 'path', required: true, schema: { type: 'string' } };
  const id = {
    name: 'id',
    in: 'path',
    required: true,
    schema: { type: 'string' },
    example: 'datasource.prometheus',
  };
  const wait = [
    {
      name: 'timeoutSeconds',
      in: 'query',
      schema: { type: 'integer', minimum: 0, maximum: 60, default: 10 },
    },
    { name: 'Prefer', in: 'header', schema: { type: 'string', enum: ['respond-async'] } },
  ];
  const common = {
    '401': error('No bearer token, or one the apiserver does not accept.'),
    '403': error('Kubernetes RBAC does not allow the caller this; the message names the permission.'),
    '429': error('Over the per-caller rate limit; see Retry-After.'),
  };
  const base = `${prefix}/namespaces/{namespace}/provisioning`;
  const bodies = Object.fromEntries(
    types.all().map((type) => [`${pascal(type.name)}Request`, requestSchema(type)]),
  );
  return {
    openapi: '3.0.3',
    info: {
      title: 'Grafana provisioning API',
      version,
      description:
        'Provisioning by HTTP into the custom resources of grafana-provisioning-operator (docs/provisioning-api.md).',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        ...Object.fromEntries(Object.entries(bodies).map(([name, schema]) => [name, withoutDraft(schema)])),
        ProvisioningRequest: { oneOf: Object.keys(bodies).map(ref) },
        Status: statusView,
        Error: errorBody,
      },
    },
    security: [{ bearer: [] }],
    paths: {
      [base]: {
        post: {
          summary: 'Create or update an object (server-side apply), synchronous by default',
          parameters: [
            namespace,
            ...wait,
            { name: 'Idempotency-Key', in: 'header', schema: { type: 'string', maxLength: 255 } },
          ],
          requestBody: { required: true, content: json(ref('ProvisioningRequest')) },
          responses: {
            '201': { description: 'Applied: Ready at the new generation.', content: json(ref('Status')) },
            '202': {
              description:
                'Still pending at the timeout, or Prefer: respond-async; Location is the status endpoint.',
              headers: { Location: { schema: { type: 'string' } } },
              content: json(ref('Status')),
            },
            '400': error(
              'Invalid body or config (every failing field path), CEL rule, unknown type, spec refused by Grafana.',
            ),
            ...common,
            '409': error(
              'A field owned by another field manager, an Idempotency-Key reused, or a Conflict reported by the operator.',
            ),
            '413': error('Body over the limit (PROVISIONING_API_BODY_LIMIT_BYTES, 1 MiB by default).'),
            '415': error('Content-Type other than application/json.'),
            '502': error(
              "Grafana refused the operator's own request (Unauthorized, Forbidden, NotFound, …).",
            ),
          },
        },
        get: {
          summary: 'List the objects of every type the caller may list',
          parameters: [namespace],
          responses: { '200': { description: 'The objects.', content: json({ type: 'object' }) }, ...common },
        },
      },
      [`${base}/{id}`]: {
        get: {
          summary: 'Read one object: its config and status',
          parameters: [namespace, id],
          responses: {
            '200': { description: 'The object.', content: json({ type: 'object' }) },
            '404': error('No such object.'),
            ...common,
          },
        },
        delete: {
          summary: 'Delete an object; Grafana keeps or loses it as its deletionPolicy says',
          parameters: [namespace, id, ...wait],
          responses: {
            '200': { description: 'Deleted.', content: json({ type: 'object' }) },
            '202': { description: 'Still being deleted at the timeout.', content: json(ref('Status')) },
            '404': error('No such object.'),
            ...common,
          },
        },
      },
      [`${base}/{id}/status`]: {
        get: {
          summary: "The object's status",
          parameters: [namespace, id],
          responses: {
            '200': { description: 'The status.', content: json(ref('Status')) },
            '404': error('No such object.'),
            ...common,
          },
        },
      },
      [`${base}/schemas/{type}`]: {
        get: {
          summary: "The JSON schema of a type's request body",
          parameters: [
            namespace,
            { name: 'type', in: 'path', required: true, schema: { type: 'string', enum: types.names() } },
          ],
          responses: {
            '200': { description: 'A JSON schema (draft-07).', content: json({ type: 'object' }) },
            '404': error('Unknown type.'),
            ...common,
          },
        },
      },
      [`${prefix}/openapi.json`]: {
        get: {
          summary: 'This document',
          responses: { '200': { description: 'OpenAPI 3.', content: json({ type: 'object' }) }, ...common },
        },
      },
    },
  };
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
}

/** OpenAPI 3.0 has no `$schema` or `const`; the rest of the draft-07 schema reads the same. */
function withoutDraft(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _, ...rest } = schema;
  const properties = rest.properties as Record<string, Record<string, unknown>>;
  return { ...rest, properties: { ...properties, type: { type: 'string', enum: [properties.type?.const] } } };
}
