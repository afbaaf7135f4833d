// Generated from api/grafanaserviceaccount.yaml by scripts/generate-api.ts; edit the source, then run `npm run generate`.

import type { KubeObject, ResourceType } from '../../runtime/kube/types.js';

import type {
  Adopt,
  DeletionPolicy,
  GrafanaObjectStatus,
  InstanceSelector,
  ResyncPeriod,
  Suspend,
} from './definitions.js';

export type GrafanaServiceAccountStatus = GrafanaObjectStatus;

export interface GrafanaServiceAccountParts {
  spec?: GrafanaServiceAccountSpec;
  status?: GrafanaServiceAccountStatus;
}
/**
 * The service account as it should be in every selected Grafana.
 */
export interface GrafanaServiceAccountSpec {
  instanceSelector: InstanceSelector;
  /**
   * The service account's name, unique per org. Omitted, metadata.name. Changing it renames the account in place (it keeps its id, tokens and permissions).
   */
  name?: string;
  /**
   * The account's org role. Grafana refuses a role above the one of the credentials the GrafanaInstance acts with (403). None (no basic role) needs Grafana 10.2 or later.
   */
  role?: 'Viewer' | 'Editor' | 'Admin' | 'None';
  /**
   * A disabled account's tokens are refused by Grafana (its tokens are kept).
   */
  disabled?: boolean;
  /**
   * Exactly the account's tokens: a token in Grafana that no entry here holds is revoked. Omitted, the account's tokens are left as they are. Each token's value goes only to its Secret (key "token"), which this object owns; a Secret of that name that this object does not own is never written (a Conflict). Tokens need spec.instanceSelector to select a single GrafanaInstance, as a Secret holds one token of one Grafana org.
   *
   * @maxItems 10
   */
  tokens?:
    | []
    | [
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
      ]
    | [
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
      ]
    | [
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
      ]
    | [
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
      ]
    | [
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
      ]
    | [
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
      ]
    | [
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
      ]
    | [
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
      ]
    | [
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
      ]
    | [
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
        {
          /**
           * The token's name in this list. In Grafana a token is named <name>-sa<account id>-<creation time in ms>, as token names are unique per org and a rotation needs a second one.
           */
          name: string;
          /**
           * The Secret (in this namespace) that holds the token's value under the key "token". Created and owned by this object; deleted with it or when the token leaves this list.
           */
          secretName: string;
          /**
           * The token's lifetime (a Go-style duration, at least 1m, such as 720h). Omitted, the token does not expire. A token is replaced by a new one once two thirds of its lifetime have passed (the object is reconciled then, whatever its resyncPeriod).
           */
          expiresIn?: string;
        },
      ];
  deletionPolicy?: DeletionPolicy;
  resyncPeriod?: ResyncPeriod;
  suspend?: Suspend;
  adopt?: Adopt;
}

import {
  adoptSchema,
  deletionPolicySchema,
  instanceSelectorSchema,
  resyncPeriodSchema,
  suspendSchema,
} from './definitions.js';

/** The GrafanaServiceAccount custom resource. */
export interface GrafanaServiceAccount extends KubeObject {
  spec: GrafanaServiceAccountSpec;
  status?: GrafanaServiceAccountStatus;
}

export const GrafanaServiceAccountResource = {
  group: 'grafana.provisioning.dev',
  version: 'v1beta1',
  plural: 'grafanaserviceaccounts',
  namespaced: true,
  kind: 'GrafanaServiceAccount',
} as const satisfies ResourceType;

/** The spec's OpenAPI schema (CEL rules and x-kubernetes-* keys removed) for runtime validation. */
export const grafanaServiceAccountSpecSchema = {
  type: 'object',
  required: ['instanceSelector'],
  properties: {
    instanceSelector: instanceSelectorSchema,
    name: { type: 'string', minLength: 1, maxLength: 190 },
    role: { type: 'string', enum: ['Viewer', 'Editor', 'Admin', 'None'], default: 'Viewer' },
    disabled: { type: 'boolean', default: false },
    tokens: {
      type: 'array',
      maxItems: 10,
      items: {
        type: 'object',
        required: ['name', 'secretName'],
        properties: {
          name: {
            type: 'string',
            minLength: 1,
            maxLength: 63,
            pattern: '^[a-zA-Z0-9]([a-zA-Z0-9_.-]*[a-zA-Z0-9])?$',
          },
          secretName: {
            type: 'string',
            minLength: 1,
            maxLength: 253,
            pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
          },
          expiresIn: { type: 'string', maxLength: 32 },
        },
      },
    },
    deletionPolicy: deletionPolicySchema,
    resyncPeriod: resyncPeriodSchema,
    suspend: suspendSchema,
    adopt: adoptSchema,
  },
} as const;
