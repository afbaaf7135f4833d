import { createHash } from 'node:crypto';
import { isObject } from '../lib/json.js';
import type { KubeClient } from '../runtime/kube/client.js';
import { KubeClient as Client } from '../runtime/kube/client.js';
import { CoreTypes, type KubeObject } from '../runtime/kube/types.js';
import { FIELD_MANAGER } from './apply.js';

type Schema = {
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
};

/** Plain secure values taken out of `config`, by their key in the object's Secret. */
export type SecureValues = Record<string, string>;

/**
 * `config` with every plain string where the kind's schema takes a `{secretKeyRef}` (a
 * datasource's secureJsonData, a contact point's secureSettings, a dashboard's urlAuthorization,
 * any such field of a later kind) replaced by a reference to a key of the object's Secret, and
 * the values taken out. The kind's schema says where those fields are, so nothing here names one.
 */
export function extractSecureValues(
  schema: object,
  config: Record<string, unknown>,
  secretName: string,
): { spec: Record<string, unknown>; values: SecureValues } {
  const values: SecureValues = {};
  const walk = (node: Schema | undefined, value: unknown, path: string[]): unknown => {
    if (!node) return value;
    if (node.properties?.secretKeyRef && typeof value === 'string') {
      const key = secretKey(path);
      values[key] = value;
      return { secretKeyRef: { name: secretName, key } };
    }
    if (Array.isArray(value)) return value.map((item, i) => walk(node.items, item, [...path, String(i)]));
    if (!isObject(value)) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => {
        const childSchema =
          node.properties?.[key] ??
          (isObject(node.additionalProperties) ? node.additionalProperties : undefined);
        return [key, walk(childSchema as Schema | undefined, child, [...path, key])];
      }),
    );
  };
  return { spec: walk(schema as Schema, config, []) as Record<string, unknown>, values };
}

/**
 * The kind's spec schema as `config` takes it: where it has a `{secretKeyRef}`, a plain string
 * too (the served schema, schemas.ts).
 */
export function acceptingPlainSecureValues(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(acceptingPlainSecureValues);
  if (!isObject(schema)) return schema;
  const node = schema as Schema;
  if (node.properties?.secretKeyRef)
    return {
      anyOf: [schema, { type: 'string', description: "A secure value, kept in the object's Secret." }],
    };
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, acceptingPlainSecureValues(value)]),
  );
}

/** The Secret of an object's secure values: named after it, a hash where the name would be too long. */
export function secretNameFor(objectName: string): string {
  const name = `${objectName}-provisioning-api`;
  return name.length <= 253
    ? name
    : `${objectName.slice(0, 200).replace(/[.-]+$/, '')}-${createHash('sha256').update(objectName).digest('hex').slice(0, 16)}`;
}

/** `secureJsonData.basicAuthPassword`, `receivers.0.secureSettings.token`: a valid Secret key. */
function secretKey(path: string[]): string {
  return path.join('.').replace(/[^-._a-zA-Z0-9]/g, '_');
}

/**
 * Writes the values into the object's Secret with server-side apply, owned by the object (so it
 * goes when the object goes). Keys this manager wrote before and left out now are removed.
 */
export async function applySecret(
  client: KubeClient,
  owner: KubeObject,
  secretName: string,
  values: SecureValues,
): Promise<void> {
  const meta = owner.metadata ?? {};
  await client.request(
    'PATCH',
    Client.path(CoreTypes.secret, meta.namespace, secretName),
    {
      body: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: secretName,
          namespace: meta.namespace,
          ownerReferences: [
            {
              apiVersion: owner.apiVersion,
              kind: owner.kind,
              name: meta.name,
              uid: meta.uid,
              controller: true,
            },
          ],
        },
        type: 'Opaque',
        data: Object.fromEntries(
          Object.entries(values).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
        ),
      },
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: FIELD_MANAGER, force: false },
    },
    'secrets',
  );
}
