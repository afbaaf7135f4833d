/**
 * A GrafanaServiceAccount's account and tokens as desired and as found in Grafana, and what differs
 * between them: pure, so rotation and drift are decided without a cluster or a Grafana.
 *
 * A token is identified by the Grafana token id its Secret records (token-secrets.ts), never by
 * its value. A token of the spec is renewed when its Secret is missing or holds another account's
 * or instance's token, when Grafana no longer has that token (deleted, expired, revoked), when its
 * lifetime changed, or once two thirds of its lifetime have passed. Every token of the account that
 * no Secret holds is revoked: one removed from the spec, one replaced by a renewal, one whose Secret
 * was lost, one made by hand.
 */
import type {
  GrafanaServiceAccount,
  GrafanaServiceAccountToken,
  ServiceAccountRole,
} from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';

/** What a token's Secret records of the token it holds (its annotations; never the value). */
export interface HeldToken {
  /** The GrafanaInstance whose org the token belongs to. */
  instance: string;
  serviceAccountId: number;
  tokenId: number;
  /** The lifetime it was made with; undefined: none. */
  secondsToLive?: number;
  /** The Secret has a non-empty `token` key. */
  hasValue: boolean;
}

export interface DesiredToken {
  name: string;
  secretName: string;
  secondsToLive?: number;
  /** What its Secret holds now; undefined: no Secret (or one that records no token). */
  held?: HeldToken;
}

export interface DesiredServiceAccount {
  name: string;
  role: ServiceAccountRole;
  isDisabled: boolean;
  /** The instance this payload is for (a Secret's token belongs to one). */
  instance: string;
  /** Undefined: the account's tokens are not managed. */
  tokens?: DesiredToken[];
  /** The share of a token's lifetime after which it is renewed; default {@link ROTATE_AFTER_SHARE}. */
  rotateAfterShare?: number;
}

export interface ObservedServiceAccount {
  account: GrafanaServiceAccount;
  /** Read only when the spec manages tokens. */
  tokens: GrafanaServiceAccountToken[];
  /** The account this object wrote last on the instance (its recorded uid). */
  recorded: boolean;
  /** When it was read, for the rotation check (ms since the epoch). */
  readAt: number;
}

/** Tokens are renewed once this share of their lifetime has passed. */
export const ROTATE_AFTER_SHARE = 2 / 3;

export interface TokenPlan {
  /** Tokens of the spec that need a new Grafana token, and why. */
  renew: Array<{ token: DesiredToken; why: string }>;
  /** Grafana tokens of the account that no Secret will hold. */
  revoke: GrafanaServiceAccountToken[];
}

/** What to do about the account's tokens; both lists empty when `desired.tokens` is undefined. */
export function tokenPlan(
  desired: DesiredServiceAccount,
  accountId: number,
  tokens: readonly GrafanaServiceAccountToken[],
  now: number,
): TokenPlan {
  if (!desired.tokens) return { renew: [], revoke: [] };
  const renew: TokenPlan['renew'] = [];
  const kept = new Set<number>();
  for (const token of desired.tokens) {
    const current = heldInGrafana(token, desired.instance, accountId, tokens);
    const why =
      typeof current === 'string' ? current : renewalReason(token, current, now, desired.rotateAfterShare);
    if (why) renew.push({ token, why });
    else kept.add((current as GrafanaServiceAccountToken).id);
  }
  return { renew, revoke: tokens.filter((t) => !kept.has(t.id)) };
}

/** The Grafana token the token's Secret holds, or why there is none to keep. */
function heldInGrafana(
  token: DesiredToken,
  instance: string,
  accountId: number,
  tokens: readonly GrafanaServiceAccountToken[],
): GrafanaServiceAccountToken | string {
  const held = token.held;
  if (!held || !held.hasValue) return `Secret ${token.secretName} holds no token`;
  if (held.instance !== instance || held.serviceAccountId !== accountId)
    return `Secret ${token.secretName} holds a token of another service account`;
  return tokens.find((t) => t.id === held.tokenId) ?? 'deleted in Grafana';
}

function renewalReason(
  token: DesiredToken,
  current: GrafanaServiceAccountToken,
  now: number,
  share?: number,
): string | undefined {
  if (current.isRevoked) return 'revoked in Grafana';
  if (current.hasExpired) return 'expired';
  if (token.held?.secondsToLive !== token.secondsToLive) return 'lifetime changed';
  const rotateAt = rotationTime(current, share);
  if (rotateAt !== undefined && now >= rotateAt) return 'rotation due';
  return undefined;
}

/** When a token is renewed: two thirds into its lifetime; undefined for one that does not expire. */
export function rotationTime(
  token: Pick<GrafanaServiceAccountToken, 'created' | 'expiration'>,
  share = ROTATE_AFTER_SHARE,
): number | undefined {
  if (!token.expiration) return undefined;
  const created = Date.parse(token.created);
  const expires = Date.parse(token.expiration);
  if (Number.isNaN(created) || Number.isNaN(expires)) return undefined;
  return created + (expires - created) * share;
}

/**
 * When the next token of the spec is due for rotation: the earliest rotation time of the tokens
 * its Secrets hold, or for one not held in Grafana (just made, or to be made now) a full lifetime
 * from `now`. Undefined when no token expires. The object is looked at again then, whatever its
 * resync period, so a token never expires before it is renewed.
 */
export function nextRotation(
  desired: DesiredServiceAccount,
  tokens: readonly GrafanaServiceAccountToken[],
  now: number,
): number | undefined {
  const share = desired.rotateAfterShare ?? ROTATE_AFTER_SHARE;
  const times = (desired.tokens ?? []).flatMap((token) => {
    if (token.secondsToLive === undefined) return [];
    const held = tokens.find((t) => t.id === token.held?.tokenId && !t.isRevoked && !t.hasExpired);
    const at = held && rotationTime(held, share);
    return [at !== undefined && at > now ? at : now + token.secondsToLive * 1000 * share];
  });
  return times.length > 0 ? Math.min(...times) : undefined;
}

/** The name a new Grafana token gets: token names are unique per org, and a renewal needs a second one. */
export function grafanaTokenName(token: string, accountId: number, now: number): string {
  return `${token}-sa${accountId}-${now}`;
}

/** The fields where Grafana differs from the desired account; [] = in sync. */
export function diffServiceAccount(
  desired: DesiredServiceAccount,
  observed: ObservedServiceAccount,
): string[] {
  const { account } = observed;
  const drift: string[] = [];
  if (account.name !== desired.name) drift.push('name');
  if (account.role !== desired.role) drift.push('role');
  if (account.isDisabled !== desired.isDisabled) drift.push('disabled');
  const plan = tokenPlan(desired, account.id, observed.tokens, observed.readAt);
  for (const { token, why } of plan.renew) drift.push(`tokens.${token.name} (${why})`);
  for (const token of plan.revoke) drift.push(`token "${token.name}" (held by no Secret)`);
  return drift;
}

/** Whether the account itself (not its tokens) needs a PATCH. */
export function accountDiffers(desired: DesiredServiceAccount, account: GrafanaServiceAccount): boolean {
  return (
    account.name !== desired.name ||
    account.role !== desired.role ||
    account.isDisabled !== desired.isDisabled
  );
}

/**
 * The account this object manages among the org's: the one it wrote (`written`, its recorded
 * id), else the one with the spec's name; a rename onto another account's name is a Conflict.
 */
export function findServiceAccount(
  accounts: readonly GrafanaServiceAccount[],
  written: string | undefined,
  name: string,
): { account: GrafanaServiceAccount; recorded: boolean } | undefined {
  const mine = accounts.find((a) => String(a.id) === written);
  const named = accounts.find((a) => a.name === name);
  if (mine && named && named !== mine) {
    throw new ObjectError(
      'Conflict',
      `cannot rename service account "${mine.name}" to "${name}": another service account in this Grafana org has that name (id ${named.id})`,
    );
  }
  const account = mine ?? named;
  return account && { account, recorded: account === mine };
}

/** Tokens need one instance: a Secret holds one token of one Grafana org. */
export function checkTokenInstances(
  tokens: readonly unknown[] | undefined,
  selected: readonly string[],
): void {
  if (!tokens || tokens.length === 0 || selected.length <= 1) return;
  throw new ObjectError(
    'InvalidSpec',
    `spec.tokens needs spec.instanceSelector to select a single GrafanaInstance, as each token's Secret holds the token of one Grafana org; it selects ${selected.length} (${selected.join(', ')})`,
  );
}
