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
