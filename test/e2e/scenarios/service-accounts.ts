import { GrafanaServiceAccountResource } from '../../../src/api/generated/index.js';
import type { GrafanaApi } from '../../../src/grafana/index.js';
import { editsIn } from '../../support/grafana-edits.js';
import { objectSpec, type KindScenario } from './scenario.js';

/** What `read` shows of a service account: its role, whether disabled, how many tokens it has. */
export interface ServiceAccountSeen {
  id: number;
  role: string;
  isDisabled: boolean;
  tokens: number;
}

/** The service account named `name` as Grafana holds it, or undefined. */
export async function readServiceAccount(
  api: GrafanaApi,
  name: string,
): Promise<ServiceAccountSeen | undefined> {
  const account = (await api.serviceAccounts.list()).find((a) => a.name === name);
  if (!account) return undefined;
  const tokens = await api.serviceAccounts.tokens(account.id);
  return { id: account.id, role: account.role, isDisabled: account.isDisabled, tokens: tokens.length };
}

export const serviceAccounts: KindScenario = {
  title: 'GrafanaServiceAccount',
  type: GrafanaServiceAccountResource,
  name: 'service-account',
  spec: (c) => ({
    ...objectSpec(c),
    name: c.n('scenario-sa'),
    role: 'Editor',
    tokens: [{ name: 'api', secretName: c.n('scenario-sa-token') }],
  }),
  change: () => ({ role: 'Viewer', disabled: true }),
  read: async (c) => {
    const seen = await readServiceAccount(c.f.grafana.api, c.n('scenario-sa'));
    return seen && { role: seen.role, isDisabled: seen.isDisabled, tokens: seen.tokens };
  },
  expected: (_c, stage) =>
    stage === 'created'
      ? { role: 'Editor', isDisabled: false, tokens: 1 }
      : { role: 'Viewer', isDisabled: true, tokens: 1 },
  // The account's page: its role lowered and the account disabled.
  edit: async (c) => {
    const seen = await readServiceAccount(c.f.grafana.api, c.n('scenario-sa'));
    await editsIn(c.f.grafana).editServiceAccount(seen!.id, { role: 'Admin', isDisabled: true });
  },
  drift: ['role', 'disabled'],
  // Made on the Service accounts page, without tokens.
  byHand: async (c) => {
    await editsIn(c.f.grafana).createServiceAccount(c.n('scenario-sa'), 'Admin');
    return {};
  },
};
