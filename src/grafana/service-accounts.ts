/**
 * Service accounts of an org and their tokens (`/api/serviceaccounts`, contract §18): the calls
 * behind GrafanaServiceAccount. A token's value is in the answer of its create only; it is
 * returned to the caller and never kept or logged here.
 */
import { GrafanaAlreadyExistsError, GrafanaApiError } from './errors.js';
import type { GrafanaHttpClient } from './http.js';
import { collectPages } from './pages.js';

/** An org role a service account may have (`org.RoleType`; None from 10.2, §18.1). */
export type ServiceAccountRole = 'Viewer' | 'Editor' | 'Admin' | 'None';

/** `serviceaccounts.ServiceAccountDTO` from `GET /api/serviceaccounts/search` and the create. */
export interface GrafanaServiceAccount {
  id: number;
  /** Present from the releases that resolve accounts by uid (§18.1); not relied on. */
  uid?: string;
  name: string;
  login: string;
  orgId: number;
  isDisabled: boolean;
  role: string;
  tokens?: number;
}

interface ServiceAccountSearchResult {
  totalCount: number;
  serviceAccounts: GrafanaServiceAccount[] | null;
  page: number;
  perPage: number;
}

/** `api.TokenDTO` from `GET /api/serviceaccounts/:id/tokens` (§18.2). */
export interface GrafanaServiceAccountToken {
  id: number;
  name: string;
  /** RFC 3339. */
  created: string;
  /** RFC 3339; null for a token that does not expire. */
  expiration?: string | null;
  hasExpired: boolean;
  /** Only from the releases with token revocation (§18.2); absent or false otherwise. */
  isRevoked?: boolean | null;
}

/** `dtos.NewApiKeyResult`: `key` is the token's value, shown only in this answer (§18.2). */
export interface CreatedServiceAccountToken {
  id: number;
  name: string;
  key: string;
}

export interface ServiceAccountInput {
  name: string;
  role: ServiceAccountRole;
  isDisabled: boolean;
}

const PAGE_SIZE = 1000;
const ACCOUNT = '/api/serviceaccounts/:id';
const TOKENS = `${ACCOUNT}/tokens`;

export class ServiceAccountsApi {
  constructor(private readonly http: GrafanaHttpClient) {}

  /** Every service account of the org, following pages. */
  async list(): Promise<GrafanaServiceAccount[]> {
    return collectPages(PAGE_SIZE, async (page) => {
      const result = await this.http.call<ServiceAccountSearchResult | undefined>({
        method: 'GET',
        route: '/api/serviceaccounts/search',
        query: { perpage: PAGE_SIZE, page },
      });
      return result?.serviceAccounts;
    });
  }

  /** @throws GrafanaAlreadyExistsError when the org has an account with that name (400, §18.1). */
  async create(account: ServiceAccountInput): Promise<GrafanaServiceAccount> {
    return nameTaken(
      this.http.call<GrafanaServiceAccount>({ method: 'POST', route: '/api/serviceaccounts', body: account }),
    );
  }

  /**
   * Renames, sets the role and enables or disables; answers the account as stored.
   * @throws GrafanaAlreadyExistsError when another account has the name (§18.1).
   */
  async update(id: number, account: ServiceAccountInput): Promise<GrafanaServiceAccount> {
    const answer = await nameTaken(
      this.http.call<{ serviceaccount: GrafanaServiceAccount }>({
        method: 'PATCH',
        route: ACCOUNT,
        params: { id },
        body: account,
      }),
    );
    return answer.serviceaccount;
  }

  /** Deletes the account; its tokens go with it (§18.1). */
  async delete(id: number): Promise<void> {
    await this.http.call<unknown>({ method: 'DELETE', route: ACCOUNT, params: { id } });
  }

  async tokens(id: number): Promise<GrafanaServiceAccountToken[]> {
    return (
      (await this.http.call<GrafanaServiceAccountToken[] | null>({
        method: 'GET',
        route: TOKENS,
        params: { id },
      })) ?? []
    );
  }

  /** `secondsToLive` undefined: a token that does not expire. */
  async createToken(
    id: number,
    token: { name: string; secondsToLive?: number },
  ): Promise<CreatedServiceAccountToken> {
    return this.http.call<CreatedServiceAccountToken>({
      method: 'POST',
      route: TOKENS,
      params: { id },
      body: token,
    });
  }

  async deleteToken(id: number, tokenId: number): Promise<void> {
    await this.http.call<unknown>({
      method: 'DELETE',
      route: `${TOKENS}/:tokenId`,
      params: { id, tokenId },
    });
  }
}

/** A taken name is a 400 like a refused role; the errutil id tells them apart (§18.1). */
async function nameTaken<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (err) {
    if (err instanceof GrafanaApiError && err.messageId === 'serviceaccounts.ErrAlreadyExists')
      throw new GrafanaAlreadyExistsError(err);
    throw err;
  }
}
