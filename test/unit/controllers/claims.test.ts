import { ClaimRegistry } from '../../../src/sync/claims.js';

/**
 * Who may write a unique key (a uid, a name) in one Grafana org: the behaviour objects see when
 * two of them want the same key, and when one lets go.
 */
describe('ClaimRegistry', () => {
  const org = 'GrafanaDatasource|http://grafana|org 1';
  const other = 'GrafanaDatasource|http://other|org 1';
  const EARLY = '2026-01-01T00:00:00Z';
  const LATE = '2026-01-02T00:00:00Z';

  it('a free key is granted, and granted again to its owner', () => {
    const claims = new ClaimRegistry();
    expect(claims.claim(org, ['uid:a'], 'ns/a', EARLY)).toEqual({ ok: true, displaced: [] });
    expect(claims.claim(org, ['uid:a'], 'ns/a', EARLY)).toEqual({ ok: true, displaced: [] });
  });

  it('two objects claiming one uid: the older keeps it, the newer is told who holds which key', () => {
    const claims = new ClaimRegistry();
    claims.claim(org, ['uid:x'], 'ns/old', EARLY);
    expect(claims.claim(org, ['uid:x'], 'ns/new', LATE)).toEqual({
      ok: false,
      holder: 'ns/old',
      key: 'uid:x',
      displaced: [],
    });
    // The holder is not disturbed by the loser's attempt.
    expect(claims.claim(org, ['uid:x'], 'ns/old', EARLY)).toEqual({ ok: true, displaced: [] });
  });

  it('an older object that comes later takes the key over and names the one to requeue', () => {
    const claims = new ClaimRegistry();
    claims.claim(org, ['uid:x'], 'ns/new', LATE);
    expect(claims.claim(org, ['uid:x'], 'ns/old', EARLY)).toEqual({ ok: true, displaced: ['ns/new'] });
    expect(claims.claim(org, ['uid:x'], 'ns/new', LATE)).toMatchObject({ ok: false, holder: 'ns/old' });
  });

  it('created in the same second: the name decides, the same way from both sides', () => {
    const claims = new ClaimRegistry();
    claims.claim(org, ['uid:x'], 'ns/b', EARLY);
    expect(claims.claim(org, ['uid:x'], 'ns/a', EARLY)).toEqual({ ok: true, displaced: ['ns/b'] });
    expect(claims.claim(org, ['uid:x'], 'ns/b', EARLY)).toMatchObject({ ok: false, holder: 'ns/a' });
  });

  it('claims all keys or none: a conflict on one leaves the others free', () => {
    const claims = new ClaimRegistry();
    claims.claim(org, ['name:prom'], 'ns/old', EARLY);
    expect(claims.claim(org, ['uid:new', 'name:prom'], 'ns/new', LATE)).toMatchObject({
      ok: false,
      key: 'name:prom',
    });
    expect(claims.claim(org, ['uid:new'], 'ns/third', LATE)).toEqual({ ok: true, displaced: [] });
  });

  it('scopes are independent: the same uid in another org is another key', () => {
    const claims = new ClaimRegistry();
    claims.claim(org, ['uid:x'], 'ns/a', EARLY);
    expect(claims.claim(other, ['uid:x'], 'ns/b', LATE)).toEqual({ ok: true, displaced: [] });
  });

  it('released when the object goes: the objects that waited for its keys are named to requeue', () => {
    const claims = new ClaimRegistry();
    claims.claim(org, ['uid:x', 'name:prom'], 'ns/holder', EARLY);
    claims.claim(org, ['uid:x'], 'ns/waiting-uid', LATE);
    claims.claim(org, ['uid:y', 'name:prom'], 'ns/waiting-name', LATE);
    expect(claims.release('ns/holder').sort()).toEqual(['ns/waiting-name', 'ns/waiting-uid']);
    expect(claims.claim(org, ['uid:x'], 'ns/waiting-uid', LATE)).toEqual({ ok: true, displaced: [] });
    // Requeued once: a second release has nobody left to name.
    expect(claims.release('ns/holder')).toEqual([]);
  });

  it('a waiter that goes first is not requeued when the holder goes later', () => {
    const claims = new ClaimRegistry();
    claims.claim(org, ['uid:x'], 'ns/holder', EARLY);
    claims.claim(org, ['uid:x'], 'ns/gone', LATE);
    claims.release('ns/gone');
    expect(claims.release('ns/holder')).toEqual([]);
  });

  it('a key the owner no longer claims (a renamed datasource) is released to whoever waited for it', () => {
    const claims = new ClaimRegistry();
    claims.claim(org, ['uid:a', 'name:prom'], 'ns/a', EARLY);
    claims.claim(org, ['uid:b', 'name:prom'], 'ns/b', LATE);
    expect(claims.claim(org, ['uid:a', 'name:prometheus'], 'ns/a', EARLY)).toEqual({
      ok: true,
      displaced: ['ns/b'],
    });
    expect(claims.claim(org, ['uid:b', 'name:prom'], 'ns/b', LATE)).toEqual({ ok: true, displaced: [] });
  });

  it('release on one scope keeps the keys held on others', () => {
    const claims = new ClaimRegistry();
    claims.claim(org, ['uid:x'], 'ns/a', EARLY);
    claims.claim(other, ['uid:x'], 'ns/a', EARLY);
    claims.release('ns/a', org);
    expect(claims.claim(org, ['uid:x'], 'ns/b', LATE)).toEqual({ ok: true, displaced: [] });
    expect(claims.claim(other, ['uid:x'], 'ns/b', LATE)).toMatchObject({ ok: false, holder: 'ns/a' });
  });

  it('orgs an object no longer targets are released, the ones it still targets kept', () => {
    const claims = new ClaimRegistry();
    claims.claim(org, ['uid:x'], 'ns/a', EARLY);
    claims.claim(other, ['uid:x'], 'ns/a', EARLY);
    claims.claim(other, ['uid:x'], 'ns/b', LATE);
    expect(claims.releaseOtherScopes('ns/a', 'GrafanaDatasource|', new Set([org]))).toEqual(['ns/b']);
    expect(claims.claim(org, ['uid:x'], 'ns/b', LATE)).toMatchObject({ ok: false, holder: 'ns/a' });
    expect(claims.claim(other, ['uid:x'], 'ns/b', LATE)).toEqual({ ok: true, displaced: [] });
  });

  it('releasing keys of one kind leaves the same keys of another kind alone', () => {
    const claims = new ClaimRegistry();
    const folders = 'GrafanaFolder|http://grafana|org 1';
    claims.claim(org, ['uid:x'], 'ns/a', EARLY);
    claims.claim(folders, ['uid:x'], 'ns/a', EARLY);
    claims.releaseOtherScopes('ns/a', 'GrafanaDatasource|', new Set());
    expect(claims.claim(folders, ['uid:x'], 'ns/b', LATE)).toMatchObject({ ok: false, holder: 'ns/a' });
  });

  it('one key, then several, then one, then none: each change frees exactly what was let go', () => {
    const claims = new ClaimRegistry();
    const owners = (claims as unknown as { byOwner: { size: number } }).byOwner;
    claims.claim(org, ['uid:a'], 'ns/a', EARLY);
    claims.claim(org, ['uid:a', 'name:one', 'name:two'], 'ns/a', EARLY);
    claims.claim(other, ['uid:a'], 'ns/a', EARLY);
    claims.claim(org, ['name:two'], 'ns/b', LATE);
    expect(claims.claim(org, ['uid:a', 'name:one'], 'ns/a', EARLY)).toEqual({
      ok: true,
      displaced: ['ns/b'],
    });
    expect(claims.claim(org, ['uid:a'], 'ns/c', LATE)).toMatchObject({ ok: false, holder: 'ns/a' });
    expect(claims.release('ns/a', other)).toEqual([]);
    expect(claims.release('ns/a')).toEqual(['ns/c']);
    expect(owners.size).toBe(0);
    expect(claims.claim(org, ['name:one'], 'ns/b', LATE)).toEqual({ ok: true, displaced: [] });
  });

  it('a key taken over leaves the displaced owner its other keys', () => {
    const claims = new ClaimRegistry();
    claims.claim(org, ['uid:x', 'uid:y'], 'ns/new', LATE);
    expect(claims.claim(org, ['uid:x'], 'ns/old', EARLY)).toEqual({ ok: true, displaced: ['ns/new'] });
    expect(claims.claim(org, ['uid:y'], 'ns/third', LATE)).toMatchObject({ ok: false, holder: 'ns/new' });
    expect(claims.release('ns/new')).toEqual(['ns/third']);
    expect(claims.claim(org, ['uid:x'], 'ns/new', LATE)).toMatchObject({ ok: false, holder: 'ns/old' });
  });

  it('an owner created anew (a later creationTimestamp) is judged by it', () => {
    const claims = new ClaimRegistry();
    claims.claim(org, ['uid:x'], 'ns/b', EARLY);
    claims.claim(org, ['uid:x'], 'ns/b', LATE);
    expect(claims.claim(org, ['uid:x'], 'ns/a', '2026-01-01T12:00:00Z')).toEqual({
      ok: true,
      displaced: ['ns/b'],
    });
  });
});
