/**
 * What a GrafanaInstance waits for is not there yet (DependencyNotReady): the org of its
 * organizationRef, or the token Secret a GrafanaServiceAccount is to write.
 */
export class InstanceDependencyNotReadyError extends Error {
  readonly reason = 'DependencyNotReady';

  constructor(message: string) {
    super(message);
    this.name = 'InstanceDependencyNotReadyError';
  }
}
