import { objectFixture, type ObjectFixture } from './fixture.js';

/**
 * A fixture for the policy tree's tests: Grafana has one tree per org, so it starts from Grafana's
 * default tree and `stop` leaves it so, with the contact points the tests made (named with `n`)
 * and the mute timings named in `muteTimings` (as given to `n`) deleted.
 */
export interface PolicyTreeFixture extends ObjectFixture {
  /** Names unique per run, so a shared real Grafana does not see clashes between runs. */
  n(name: string): string;
}

export async function policyTreeFixture(
  prefix: string,
  options: { muteTimings?: readonly string[] } = {},
): Promise<PolicyTreeFixture> {
  const f = await objectFixture(prefix);
  const n = (name: string) => `${name}-${f.kube.namespace}`;
  await f.grafana.api.notificationPolicies.reset();
  return {
    ...f,
    n,
    stop: async () => {
      await f.grafana.api.notificationPolicies.reset().catch(() => undefined);
      for (const cp of await f.grafana.api.contactPoints.list().catch(() => [])) {
        if (cp.name.endsWith(f.kube.namespace))
          await f.grafana.api.contactPoints.delete(cp.uid).catch(() => undefined);
      }
      for (const name of options.muteTimings ?? [])
        await f.grafana.api.muteTimings.delete(n(name)).catch(() => undefined);
      await f.stop();
    },
  };
}
