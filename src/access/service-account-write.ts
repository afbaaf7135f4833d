/**
 * How a GrafanaServiceAccount is written: the account (created, or renamed, its role and disabled
 * flag set), then each token that needs renewing — a new Grafana token, put into its Secret —
 * and only then the revocation of every token no Secret holds any more (the replaced ones among
 * them), so a Secret never names a token already revoked. Last, the Secrets of tokens that left
 * the spec are deleted.
 */
import {
  GrafanaNotFoundError,
  type GrafanaApi,
  type GrafanaServiceAccount,
  type GrafanaServiceAccountToken,
  type ServiceAccountInput,
} from '../grafana/index.js';
import {
  accountDiffers,
  grafanaTokenName,
  tokenPlan,
  type DesiredServiceAccount,
  type ObservedServiceAccount,
} from './service-account.js';
import type { TokenSecrets } from './token-secrets.js';

/** Creates or updates the account and its tokens; answers the account as Grafana holds it. */
export async function writeServiceAccount(
  api: GrafanaApi,
  secrets: TokenSecrets,
  desired: DesiredServiceAccount,
  observed: ObservedServiceAccount | undefined,
  now: number,
): Promise<GrafanaServiceAccount> {
  const input: ServiceAccountInput = {
    name: desired.name,
    role: desired.role,
    isDisabled: desired.isDisabled,
  };
  if (observed) {
    const account = accountDiffers(desired, observed.account)
      ? { ...observed.account, ...(await api.serviceAccounts.update(observed.account.id, input)) }
      : observed.account;
    await writeTokens(api, secrets, desired, account.id, observed.tokens, now);
    return account;
  }
  // A name taken meanwhile is GrafanaAlreadyExistsError: the sync layer observes again.
  const account = await api.serviceAccounts.create(input);
  try {
    await writeTokens(api, secrets, desired, account.id, [], now);
    return account;
  } catch (err) {
    // Only a write that succeeds is recorded as this object's: an account left half made would be
    // found by its name next time and taken for someone else's (a Conflict). Its tokens go with it.
    await api.serviceAccounts.delete(account.id).catch(() => undefined);
    throw err;
  }
}

async function writeTokens(
  api: GrafanaApi,
  secrets: TokenSecrets,
  desired: DesiredServiceAccount,
  accountId: number,
  tokens: readonly GrafanaServiceAccountToken[],
  now: number,
): Promise<void> {
  if (!desired.tokens) return;
  const plan = tokenPlan(desired, accountId, tokens, now);
  for (const { token } of plan.renew) {
    const created = await api.serviceAccounts.createToken(accountId, {
      name: grafanaTokenName(token.name, accountId, now),
      ...(token.secondsToLive !== undefined ? { secondsToLive: token.secondsToLive } : {}),
    });
    try {
      await secrets.write(token, {
        instance: desired.instance,
        serviceAccountId: accountId,
        tokenId: created.id,
        ...(token.secondsToLive !== undefined ? { secondsToLive: token.secondsToLive } : {}),
        value: created.key,
      });
    } catch (err) {
      // A token no Secret holds is of no use to anyone: revoked at once (else the next write would).
      await api.serviceAccounts.deleteToken(accountId, created.id).catch(() => undefined);
      throw err;
    }
  }
  for (const token of plan.revoke) {
    // Gone already (revoked by hand meanwhile): what was wanted.
    await api.serviceAccounts.deleteToken(accountId, token.id).catch((err: unknown) => {
      if (!(err instanceof GrafanaNotFoundError)) throw err;
    });
  }
  await secrets.removeOthers(new Set(desired.tokens.map((t) => t.secretName)));
}
