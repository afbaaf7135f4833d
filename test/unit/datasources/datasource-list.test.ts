import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { datasourceList } from '../../../src/datasources/datasource-list.js';
import { startDoubleTarget, type DoubleTarget } from '../../support/double-target.js';

describe('datasourceList', () => {
  let fixture: DoubleTarget;

  beforeEach(async () => {
    fixture = await startDoubleTarget();
  });

  afterEach(() => fixture.stop());

  it("keys the instance's datasources by uid, from one list call shared by every reader", async () => {
    const { target, double } = fixture;
    await target.api.datasources.create({
      uid: 'prom',
      name: 'Prometheus',
      type: 'prometheus',
      access: 'proxy',
    });
    const lists = () =>
      double.requests.filter((r) => r.method === 'GET' && r.path === '/api/datasources').length;

    const listed = await datasourceList.on(target).items();
    expect([...listed.keys()]).toEqual(['prom']);
    expect(listed.get('prom')?.name).toBe('Prometheus');
    await datasourceList.on(target).items();
    expect(lists()).toBe(1);
  });
});
