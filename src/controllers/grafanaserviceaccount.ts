import {
  GrafanaServiceAccountResource,
  grafanaServiceAccountSpecSchema,
  type GrafanaServiceAccount,
  type GrafanaServiceAccountSpec,
} from '../api/generated/index.js';
import {
  checkTokenInstances,
  diffServiceAccount,
  findServiceAccount,
  nextRotation,
  type DesiredServiceAccount,
  type ObservedServiceAccount,
} from '../access/service-account.js';
import { writeServiceAccount } from '../access/service-account-write.js';
import { TokenSecrets } from '../access/token-secrets.js';
import type { GrafanaServiceAccount as GrafanaServiceAccountDto } from '../grafana/index.js';
import { waitForInstancesUsingSecrets } from '../instances/in-use.js';
import { serviceAccountList as accountList } from '../access/grantee-lists.js';
import {
  grafanaName,
  takenMeanwhile,
  type KindContext,
  type ObjectKind,
  showName,
  writtenUid,
} from '../sync/object-kind.js';

const secretsOf = (context: KindContext<GrafanaServiceAccount>) =>
  TokenSecrets.of(context, GrafanaServiceAccountResource);

/**
 * GrafanaServiceAccount: a service account in the org, its role and disabled flag, and optionally
 * its tokens, each in a Secret the object owns (contract §18). Grafana gives an account its id;
 * `status.instances[].uid` records it per instance, and an account found there is this object's.
 * An account with the spec's name that the object did not write is a Conflict until spec.adopt, as
 * names are unique per org (also claimed among objects here). Accounts come from one list per
 * instance; tokens cost one GET per account where the spec manages them.
 */
export const grafanaServiceAccountKind = ({
  rotateAfterShare,
}: {
  /** The share of a token's lifetime after which it is renewed; undefined: two thirds. */
  rotateAfterShare?: number | undefined;
} = {}): ObjectKind<
  GrafanaServiceAccountSpec,
  GrafanaServiceAccount,
  DesiredServiceAccount,
  ObservedServiceAccount,
  GrafanaServiceAccountDto
> => ({
  resource: GrafanaServiceAccountResource,
  specSchema: grafanaServiceAccountSpecSchema,
  list: accountList,

  async desired(context, target) {
    const { spec } = context.object;
    checkTokenInstances(spec.tokens, context.selected);
    const tokens = spec.tokens && (await secretsOf(context).desired(spec.tokens));
    return {
      name: grafanaName(context.object),
      role: spec.role ?? 'Viewer',
      isDisabled: spec.disabled ?? false,
      instance: target.name,
      ...(tokens ? { tokens } : {}),
      ...(rotateAfterShare !== undefined ? { rotateAfterShare } : {}),
    };
  },

  // What the Secrets hold is observed state, compared by diff, not content; when tokens are
  // renewed is the operator's setting.
  hashable: ({ tokens, rotateAfterShare: _share, ...account }) => ({
    ...account,
    ...(tokens ? { tokens: tokens.map(({ held: _held, ...token }) => token) } : {}),
  }),

  claims: ({ name }) => [`name:${name}`],

  async observe({ target, desired, record }) {
    const accounts = [...(await accountList.on(target).items()).values()];
    const found = findServiceAccount(accounts, writtenUid(record), desired.name);
    if (!found) return undefined;
    const tokens = desired.tokens ? await target.api.serviceAccounts.tokens(found.account.id) : [];
    return { ...found, tokens, readAt: Date.now() };
  },

  owns: ({ recorded, account }) =>
    recorded
      ? { ours: true }
      : {
          ours: false,
          message: `service account "${account.name}" (id ${account.id}) already exists in this Grafana org and was not created by this object; set spec.adopt: true to take it over`,
        },

  diff: diffServiceAccount,

  // A token is renewed when its rotation is due, not at the next resync, which may come too late.
  recheckAt: (desired, observed, now) => nextRotation(desired, observed?.tokens ?? [], now),

  async write({ context, target, desired, observed }) {
    try {
      const account = await writeServiceAccount(
        target.api,
        secretsOf(context),
        desired,
        observed,
        Date.now(),
      );
      return { uid: String(account.id), listed: account };
    } catch (err) {
      // A rename onto a name another account took since the list was read.
      throw takenMeanwhile(
        err,
        observed !== undefined,
        `service account name "${desired.name}" is taken in this Grafana org by another service account`,
      );
    }
  },

  async remove(target, uid) {
    // Not in a list read now: already gone. Its tokens go with it (§18.1); its Secrets go with
    // the object (their ownerReference).
    const account = await accountList.on(target).getListedNow(uid);
    if (account) await target.api.serviceAccounts.delete(account.id);
  },

  beforeRemove: ({ kube, namespace, object }) =>
    waitForInstancesUsingSecrets(
      kube,
      namespace,
      object.spec.tokens?.map((t) => t.secretName),
    ),

  describe: (observed) => ({ uid: String(observed.account.id) }),
  shown: showName,
});
