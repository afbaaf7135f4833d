import { describe, expect, it } from '@jest/globals';
import {
  checkTokenInstances,
  diffServiceAccount,
  findServiceAccount,
  grafanaTokenName,
  nextRotation,
  rotationTime,
  tokenPlan,
  type DesiredServiceAccount,
  type DesiredToken,
} from '../../../src/access/service-account.js';
import type { GrafanaServiceAccount, GrafanaServiceAccountToken } from '../../../src/grafana/index.js';
import { ObjectError } from '../../../src/lib/object-error.js';

const HOUR = 3600_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

const account = (
  id: number,
  name: string,
  extra: Partial<GrafanaServiceAccount> = {},
): GrafanaServiceAccount => ({
  id,
  name,
  login: `sa-1-${name}`,
  orgId: 1,
  isDisabled: false,
  role: 'Viewer',
  ...extra,
});

const grafanaToken = (id: number, hours?: number, extra: Partial<GrafanaServiceAccountToken> = {}) => ({
  id,
  name: `api-sa7-${id}`,
  created: new Date(T0).toISOString(),
  expiration: hours === undefined ? null : new Date(T0 + hours * HOUR).toISOString(),
  hasExpired: false,
  ...extra,
});

/** A spec token whose Secret holds Grafana token `tokenId` of account 7 on instance main. */
const held = (tokenId: number, extra: Partial<DesiredToken> = {}): DesiredToken => ({
  name: 'api',
  secretName: 'api-token',
  held: { instance: 'main', serviceAccountId: 7, tokenId, hasValue: true },
  ...extra,
});

const desired = (tokens?: DesiredToken[]): DesiredServiceAccount => ({
  name: 'ci',
  role: 'Viewer',
  isDisabled: false,
  instance: 'main',
  ...(tokens ? { tokens } : {}),
});

const reasons = (plan: ReturnType<typeof tokenPlan>) => plan.renew.map((r) => r.why);

describe('tokenPlan', () => {
  it('keeps the token its Secret holds, and revokes every other token of the account', () => {
    const plan = tokenPlan(desired([held(1)]), 7, [grafanaToken(1), grafanaToken(2)], T0);
    expect(plan.renew).toEqual([]);
    expect(plan.revoke.map((t) => t.id)).toEqual([2]);
  });

  it('manages nothing when the spec has no tokens field', () => {
    expect(tokenPlan(desired(), 7, [grafanaToken(1)], T0)).toEqual({ renew: [], revoke: [] });
  });

  it('renews a token whose Secret is missing or empty, and revokes the one nobody holds any more', () => {
    const lost = tokenPlan(desired([{ name: 'api', secretName: 'api-token' }]), 7, [grafanaToken(1)], T0);
    expect(reasons(lost)).toEqual(['Secret api-token holds no token']);
    expect(lost.revoke.map((t) => t.id)).toEqual([1]);
    const empty = held(1);
    empty.held!.hasValue = false;
    expect(reasons(tokenPlan(desired([empty]), 7, [grafanaToken(1)], T0))).toEqual([
      'Secret api-token holds no token',
    ]);
  });

  it('renews a token the Secret holds for another account or instance', () => {
    const other = held(1);
    other.held!.serviceAccountId = 8;
    expect(reasons(tokenPlan(desired([other]), 7, [grafanaToken(1)], T0))).toEqual([
      'Secret api-token holds a token of another service account',
    ]);
    const elsewhere = held(1);
    elsewhere.held!.instance = 'other';
    expect(reasons(tokenPlan(desired([elsewhere]), 7, [grafanaToken(1)], T0))).toHaveLength(1);
  });

  it('renews a token deleted, expired or revoked in Grafana', () => {
    expect(reasons(tokenPlan(desired([held(1)]), 7, [], T0))).toEqual(['deleted in Grafana']);
    expect(
      reasons(tokenPlan(desired([held(1)]), 7, [grafanaToken(1, undefined, { hasExpired: true })], T0)),
    ).toEqual(['expired']);
    expect(
      reasons(tokenPlan(desired([held(1)]), 7, [grafanaToken(1, undefined, { isRevoked: true })], T0)),
    ).toEqual(['revoked in Grafana']);
  });

  it('renews a token whose lifetime the spec changed', () => {
    expect(reasons(tokenPlan(desired([held(1, { secondsToLive: 3600 })]), 7, [grafanaToken(1)], T0))).toEqual(
      ['lifetime changed'],
    );
  });

  it('renews a token two thirds into its lifetime, not before', () => {
    const token = held(1, { secondsToLive: 30 * 3600 });
    token.held!.secondsToLive = 30 * 3600;
    const tokens = [grafanaToken(1, 30)];
    expect(reasons(tokenPlan(desired([token]), 7, tokens, T0 + 19 * HOUR))).toEqual([]);
    expect(reasons(tokenPlan(desired([token]), 7, tokens, T0 + 20 * HOUR))).toEqual(['rotation due']);
  });
});

describe('rotationTime', () => {
  it('is two thirds into the lifetime; none for a token that does not expire', () => {
    expect(rotationTime(grafanaToken(1, 30))).toBe(T0 + 20 * HOUR);
    expect(rotationTime(grafanaToken(1))).toBeUndefined();
  });
});

describe('nextRotation', () => {
  const lasting = (tokenId: number, hours: number) => {
    const token = held(tokenId, { name: `t${tokenId}`, secondsToLive: hours * 3600 });
    token.held!.secondsToLive = hours * 3600;
    return token;
  };

  it('is the earliest rotation time of the tokens held; none when no token expires', () => {
    const tokens = [grafanaToken(1, 30), grafanaToken(2, 3)];
    expect(nextRotation(desired([lasting(1, 30), lasting(2, 3)]), tokens, T0)).toBe(T0 + 2 * HOUR);
    expect(nextRotation(desired([held(1)]), [grafanaToken(1)], T0)).toBeUndefined();
    expect(nextRotation(desired(), [], T0)).toBeUndefined();
  });

  it('for a token just made (or one whose rotation has passed): its share of a lifetime from now', () => {
    expect(nextRotation(desired([lasting(9, 3)]), [], T0)).toBe(T0 + 2 * HOUR);
    expect(nextRotation(desired([lasting(2, 3)]), [grafanaToken(2, 3)], T0 + 2 * HOUR)).toBe(T0 + 4 * HOUR);
  });

  it("follows the operator's share when it sets one", () => {
    const tokens = [grafanaToken(2, 3)];
    expect(nextRotation({ ...desired([lasting(2, 3)]), rotateAfterShare: 0.2 }, tokens, T0)).toBe(
      T0 + 0.6 * HOUR,
    );
    const token = lasting(2, 3);
    expect(reasons(tokenPlan({ ...desired([token]), rotateAfterShare: 0.2 }, 7, tokens, T0 + HOUR))).toEqual([
      'rotation due',
    ]);
  });
});

describe('diffServiceAccount', () => {
  it('names the fields that differ and the tokens to renew or revoke', () => {
    const observed = {
      account: account(7, 'ci', { role: 'Admin', isDisabled: true }),
      tokens: [grafanaToken(2)],
      recorded: true,
      readAt: T0,
    };
    expect(diffServiceAccount(desired([held(1)]), observed)).toEqual([
      'role',
      'disabled',
      'tokens.api (deleted in Grafana)',
      'token "api-sa7-2" (held by no Secret)',
    ]);
    expect(diffServiceAccount(desired([held(2)]), { ...observed, account: account(7, 'ci') })).toEqual([]);
  });
});

describe('findServiceAccount', () => {
  const accounts = [account(1, 'ci'), account(2, 'deploy')];

  it('is the account the object wrote, also when renamed, else the one with the name', () => {
    expect(findServiceAccount(accounts, '1', 'ci-bot')).toEqual({ account: accounts[0], recorded: true });
    expect(findServiceAccount(accounts, undefined, 'deploy')).toEqual({
      account: accounts[1],
      recorded: false,
    });
    expect(findServiceAccount(accounts, '9', 'other')).toBeUndefined();
  });

  it("refuses a rename onto another account's name", () => {
    expect(() => findServiceAccount(accounts, '1', 'deploy')).toThrow(ObjectError);
  });
});

describe('checkTokenInstances and grafanaTokenName', () => {
  it('refuses tokens with more than one selected instance, naming them', () => {
    expect(() => checkTokenInstances([{}], ['a', 'b'])).toThrow(/selects 2 \(a, b\)/);
    expect(() => checkTokenInstances([{}], ['a'])).not.toThrow();
    expect(() => checkTokenInstances(undefined, ['a', 'b'])).not.toThrow();
  });

  it('names a Grafana token after the spec token, the account and the time, unique per org', () => {
    expect(grafanaTokenName('api', 7, T0)).toBe(`api-sa7-${T0}`);
  });
});
