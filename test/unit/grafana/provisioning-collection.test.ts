import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { GrafanaHttpClient, GrafanaNotFoundError } from '../../../src/grafana/index.js';
import { ProvisioningCollection } from '../../../src/grafana/provisioning-collection.js';
import { json, startServer, type LocalServer, type Reply } from './local-server.js';

const ROUTE = '/api/v1/provisioning/things';

let server: LocalServer;
let http: GrafanaHttpClient;
let reply: Reply;
let things: ProvisioningCollection<{ name: string }>;

beforeEach(async () => {
  reply = json(200, null);
  server = await startServer(() => reply);
  http = new GrafanaHttpClient({ url: server.url, auth: { kind: 'token', token: 't' }, retry: { limit: 0 } });
  things = new ProvisioningCollection(http, ROUTE, 'name');
});

afterEach(async () => {
  http.close();
  await server.close();
});

const last = () => server.requests.at(-1)!;

describe('ProvisioningCollection', () => {
  it('lists the collection, a null answer as empty, with the query given', async () => {
    await expect(things.list({})).resolves.toEqual([]);
    expect(last().url).toBe(ROUTE);
    reply = json(200, [{ name: 'a' }]);
    await expect(things.list({}, { name: 'a', other: undefined })).resolves.toEqual([{ name: 'a' }]);
    expect(last()).toMatchObject({ method: 'GET', url: `${ROUTE}?name=a` });
  });

  it('gets an item by its key, and finds a missing one as undefined', async () => {
    reply = json(200, { name: 'a b' });
    await expect(things.get('a b', {})).resolves.toEqual({ name: 'a b' });
    expect(last().url).toBe(`${ROUTE}/a%20b`);
    reply = { status: 404 };
    await expect(things.get('gone', {})).rejects.toBeInstanceOf(GrafanaNotFoundError);
    await expect(things.find('gone', {})).resolves.toBeUndefined();
  });

  it('writes with the provenance header only when provenance none is asked for', async () => {
    reply = json(201, { name: 'a' });
    await expect(things.create({ name: 'a' }, {})).resolves.toEqual({ name: 'a' });
    expect(last()).toMatchObject({ method: 'POST', url: ROUTE, body: '{"name":"a"}' });
    expect(last().headers['x-disable-provenance']).toBeUndefined();
    reply = json(202, { name: 'b' });
    await expect(things.put('a', { name: 'b' }, { disableProvenance: true })).resolves.toEqual({ name: 'b' });
    expect(last()).toMatchObject({ method: 'PUT', url: `${ROUTE}/a`, body: '{"name":"b"}' });
    expect(last().headers['x-disable-provenance']).toBe('true');
    reply = { status: 204 };
    await things.delete('a', {}, { version: 'v1' });
    expect(last()).toMatchObject({ method: 'DELETE', url: `${ROUTE}/a?version=v1` });
  });

  it('exports one item or the collection', async () => {
    reply = { status: 200, text: 'apiVersion: 1' };
    await expect(things.exportItem('a', {})).resolves.toBe('apiVersion: 1');
    expect(last().url).toBe(`${ROUTE}/a/export?format=yaml`);
    reply = json(200, { apiVersion: 1 });
    await expect(things.exportAll({ format: 'json' }, { decrypt: true })).resolves.toEqual({ apiVersion: 1 });
    expect(last().url).toBe(`${ROUTE}/export?decrypt=true&format=json`);
  });
});
