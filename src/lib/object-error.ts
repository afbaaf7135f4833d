/**
 * The failures a user must fix (in the spec, in Grafana or in another object), as every layer
 * raises them: domain checks, kind descriptions and the sync layer. Never retried fast.
 */
export class ObjectError extends Error {
  constructor(
    readonly reason:
      | 'InvalidSpec'
      | 'DependencyNotReady'
      | 'Conflict'
      | 'HasChildren'
      | 'DeletionWaiting'
      | 'Cycle'
      | 'LastOrgAdmin'
      | 'MainOrgNotDeletable'
      | 'Unsupported'
      | 'RepositoryUnhealthy',
    message: string,
  ) {
    super(message);
    this.name = 'ObjectError';
  }
}
