// Generated from api/definitions.yaml by scripts/generate-api.ts; edit the source, then run `npm run generate`.

/**
 * A key of a Secret in the same namespace.
 */
export interface SecretKeyRef {
  /**
   * Name of the Secret.
   */
  name: string;
  /**
   * Key within the Secret's data.
   */
  key: string;
}

/**
 * Conditions in Kubernetes convention; Ready is always present.
 */
export type Conditions = {
  /**
   * Condition type, e.g. Ready.
   */
  type: string;
  /**
   * Status of the condition.
   */
  status: 'True' | 'False' | 'Unknown';
  /**
   * A CamelCase reason for the last transition, e.g. Connected or Unauthorized.
   */
  reason: string;
  /**
   * Human-readable details.
   */
  message: string;
  /**
   * When the status last changed.
   */
  lastTransitionTime: string;
  /**
   * The metadata.generation the condition was set for.
   */
  observedGeneration?: number;
}[];

/**
 * Selects the GrafanaInstances (in this object's namespace) to apply this object to, by their labels. The object is applied to every matching instance; an empty selector ({}) matches all.
 */
export interface InstanceSelector {
  /**
   * Labels an instance must have, all of them.
   */
  matchLabels?: {
    [k: string]: string | undefined;
  };
  /**
   * Label requirements, all of which must hold.
   */
  matchExpressions?: {
    /**
     * The label key.
     */
    key: string;
    /**
     * How the key relates to values.
     */
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    /**
     * Values for In and NotIn; must be empty for Exists and DoesNotExist.
     */
    values?: string[];
  }[];
}

/**
 * The object's uid in Grafana (letters, digits, - and _; at most 40). Omitted: derived from this object's name and namespace, stable across re-creation. Cannot be changed later.
 */
export type GrafanaUID = string;

/**
 * What happens in Grafana when this object is deleted or stops selecting an instance: Delete removes it from Grafana, Orphan leaves it there unmanaged.
 */
export type DeletionPolicy = 'Delete' | 'Orphan';

/**
 * How often Grafana is compared with this object while nothing changed, to find and revert edits made in Grafana (a duration such as 30s, 10m or 1h).
 */
export type ResyncPeriod = string;

/**
 * Stop reconciling this object; what is in Grafana is left as it is.
 */
export type Suspend = boolean;

/**
 * Take over an object that already exists in Grafana but was not created by this object (otherwise such a clash is reported as Ready=False/Conflict and nothing is changed).
 */
export type Adopt = boolean;

/**
 * This object's state on each selected GrafanaInstance.
 */
export type InstanceStatuses = {
  /**
   * The GrafanaInstance's name.
   */
  name: string;
  /**
   * Whether Grafana holds what this object describes.
   */
  synced: boolean;
  /**
   * The object's uid in that Grafana.
   */
  uid?: string;
  /**
   * Grafana's version of the object after the last write or check.
   */
  version?: number;
  /**
   * Where Grafana shows the object, when it has a page.
   */
  url?: string;
  /**
   * When the operator last wrote the object to this instance.
   */
  lastApplied?: string;
  /**
   * Hash of what was last written (including the resourceVersions of referenced Secrets, never their values); an unchanged hash with no drift in Grafana means no write.
   */
  appliedHash?: string;
  /**
   * Why the object is not in sync on this instance.
   */
  reason?: string;
  /**
   * Details of the failure on this instance.
   */
  message?: string;
}[];

/**
 * Observed state, written by the operator.
 */
export interface GrafanaObjectStatus {
  /**
   * The metadata.generation this status describes.
   */
  observedGeneration?: number;
  /**
   * The uid the object has in Grafana.
   */
  uid?: string;
  /**
   * Instances in sync / instances selected, e.g. 2/2.
   */
  instancesSummary?: string;
  instances?: InstanceStatuses;
  conditions?: Conditions;
}
