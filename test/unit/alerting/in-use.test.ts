import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { inUseMessage, usersOf } from '../../../src/alerting/in-use.js';
import { GrafanaConflictError } from '../../../src/grafana/index.js';
import { alertingOf } from '../../grafana-double/alerting-state.js';
import { startDoubleTarget, type DoubleTarget } from '../../support/double-target.js';

const refused = (grafanaMessage: string) =>
  new GrafanaConflictError({
    method: 'DELETE',
    route: '/api/v1/provisioning/mute-timings/:name',
    status: 409,
    grafanaMessage,
    body: undefined,
  });

describe('inUseMessage', () => {
  it("gives Grafana's answer, what uses the resource, and the ways out", () => {
    expect(
      inUseMessage('mute timing "nights"', refused('the mute timing is in use'), [
        'notification policy: the default policy',
      ]),
    ).toBe(
      'Grafana refuses to delete mute timing "nights": the mute timing is in use. Used by notification policy: the default policy. Remove it from there first, or set spec.deletionPolicy: Orphan',
    );
  });

  it("falls back to the error's own message when Grafana says only Conflict", () => {
    expect(inUseMessage('x', refused('Conflict'), [])).toBe(
      'Grafana refuses to delete x: Grafana DELETE /api/v1/provisioning/mute-timings/:name returned 409 Conflict: Conflict. Remove it from there first, or set spec.deletionPolicy: Orphan',
    );
  });
});

describe('usersOf, against the Grafana double', () => {
  let fixture: DoubleTarget;
  beforeEach(async () => {
    fixture = await startDoubleTarget();
  });
  afterEach(() => fixture.stop());

  it('names the policies that use a name, and nothing when nothing does', async () => {
    const store = alertingOf(fixture.double.state.org(1));
    store.seedContactPoint({ name: 'ops', type: 'email', settings: { addresses: 'ops@example.com' } });
    store.seedPolicyTree({
      receiver: 'ops',
      routes: [{ receiver: 'ops', object_matchers: [['team', '=', 'db']] }],
    });
    const uses = (name: string) => ({
      route: (route: { receiver?: string }) => route.receiver === name,
      rule: (settings: { receiver: string }) => settings.receiver === name,
    });
    expect(await usersOf(fixture.target.api, uses('ops'))).toEqual([
      'notification policies: the default policy; the policy matching team="db"',
    ]);
    expect(await usersOf(fixture.target.api, uses('nobody'))).toEqual([]);
  });
});
