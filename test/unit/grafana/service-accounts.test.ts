import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  GrafanaAlreadyExistsError,
  GrafanaApiError,
  GrafanaNotFoundError,
  type GrafanaApi,
} from '../../../src/grafana/index.js';
import { startDoubleTarget, type DoubleTarget } from '../../support/double-target.js';

/** ServiceAccountsApi against the double, which follows docs/grafana-api.md §18. */
let t: DoubleTarget;
let api: GrafanaApi;

beforeEach(async () => {
  t = await startDoubleTarget();
  api = t.target.api;
});

afterEach(async () => {
  await t.stop();
});

describe('ServiceAccountsApi against the double', () => {
  it('creates, lists, changes and deletes an account', async () => {
    const made = await api.serviceAccounts.create({ name: 'ci', role: 'Editor', isDisabled: false });
    expect(made).toMatchObject({ name: 'ci', role: 'Editor', isDisabled: false, login: 'sa-1-ci' });
    expect(await api.serviceAccounts.list()).toEqual([expect.objectContaining({ id: made.id, tokens: 0 })]);
    const changed = await api.serviceAccounts.update(made.id, {
      name: 'ci-bot',
      role: 'Viewer',
      isDisabled: true,
    });
    expect(changed).toMatchObject({ id: made.id, name: 'ci-bot', role: 'Viewer', isDisabled: true });
    await api.serviceAccounts.delete(made.id);
    expect(await api.serviceAccounts.list()).toEqual([]);
  });

  it('reads a taken name as already exists, and a refused role not', async () => {
    await api.serviceAccounts.create({ name: 'ci', role: 'Viewer', isDisabled: false });
    await expect(
      api.serviceAccounts.create({ name: 'ci', role: 'Viewer', isDisabled: false }),
    ).rejects.toThrow(GrafanaAlreadyExistsError);
    const refused = api.serviceAccounts.create({ name: 'x', role: 'Owner' as 'Admin', isDisabled: false });
    await expect(refused).rejects.toThrow(GrafanaApiError);
    await expect(refused).rejects.not.toThrow(GrafanaAlreadyExistsError);
  });

  it('makes tokens, lists them without their values, and revokes one (404 once gone)', async () => {
    const { id } = await api.serviceAccounts.create({ name: 'ci', role: 'Viewer', isDisabled: false });
    const forever = await api.serviceAccounts.createToken(id, { name: 'a' });
    const hour = await api.serviceAccounts.createToken(id, { name: 'b', secondsToLive: 3600 });
    expect(forever.key).toMatch(/^glsa_/);
    const listed = await api.serviceAccounts.tokens(id);
    expect(listed.map((t) => [t.name, t.expiration === null])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    expect(JSON.stringify(listed)).not.toContain(forever.key);
    await api.serviceAccounts.deleteToken(id, hour.id);
    expect((await api.serviceAccounts.tokens(id)).map((t) => t.id)).toEqual([forever.id]);
    await expect(api.serviceAccounts.deleteToken(id, hour.id)).rejects.toThrow(GrafanaNotFoundError);
  });
});
