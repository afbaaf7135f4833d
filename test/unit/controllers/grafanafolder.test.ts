import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { GrafanaFolder } from '../../../src/api/generated/index.js';
import { grafanaFolderKind } from '../../../src/controllers/grafanafolder.js';
import type { DesiredFolder } from '../../../src/folders/folder.js';
import { madeMeanwhile, writeThrough } from '../../../src/sync/kind-calls.js';
import type { InstanceTarget } from '../../../src/sync/targets.js';
import type { GrafanaDouble } from '../../grafana-double/server.js';
import { startDoubleTarget, type DoubleTarget } from '../../support/double-target.js';
import { createOf, opAt } from '../../support/kind-op.js';

describe('GrafanaFolder observe and create against the double (calls counted)', () => {
  let double: GrafanaDouble;
  let target: InstanceTarget;
  let fixture: DoubleTarget;
  const kind = grafanaFolderKind();
  const desired: DesiredFolder = { title: 'Operations', description: '', parentUid: '' };
  const op = (uid: string) => opAt<GrafanaFolder, DesiredFolder>(target, uid, desired);
  const calls = () => double.requests.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')}`);

  beforeEach(async () => {
    fixture = await startDoubleTarget();
    ({ double, target } = fixture);
  });

  afterEach(() => fixture.stop());

  it('a folder the storage list lacks is created with no read by uid', async () => {
    expect(await kind.observe(op('ops'))).toBeUndefined();
    await writeThrough(kind, createOf(op('ops')));
    expect(calls()).toEqual([
      'GET /apis/folder.grafana.app',
      'GET /apis/folder.grafana.app/v1beta1/namespaces/default/folders',
      'POST /api/folders',
    ]);
    expect(await kind.observe(op('ops'))).toMatchObject({ uid: 'ops', title: 'Operations' });
  });

  it('a folder made in Grafana since the list was read is not created over: the refused create lets the list go, and it is observed', async () => {
    expect(await kind.observe(op('by-hand'))).toBeUndefined();
    await target.api.folders.create({ uid: 'by-hand', title: 'Made by hand' });
    // The list held is still the one read before that create.
    expect(await kind.observe(op('by-hand'))).toBeUndefined();
    const refused = await writeThrough(kind, createOf(op('by-hand'))).catch((err: unknown) => err);
    expect(madeMeanwhile(refused, undefined)).toBe(true);
    expect((await target.api.folders.get('by-hand')).title).toBe('Made by hand');
    expect(await kind.observe(op('by-hand'))).toMatchObject({ uid: 'by-hand', title: 'Made by hand' });
  });

  it('where search stands in for the folder list (no folder API, 11.x), a miss is read by uid before the create', async () => {
    double.options.folderApis = false;
    expect(await kind.observe(op('ops'))).toBeUndefined();
    expect(calls()).toContain('GET /api/folders/ops');
    double.clearRequests();
    await target.api.folders.create({ uid: 'lagging', title: 'Not searched yet' });
    double.options.searchLagMs = 60_000;
    expect(await kind.observe(op('lagging'))).toMatchObject({ uid: 'lagging', title: 'Not searched yet' });
  });
});
