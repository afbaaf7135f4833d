import { GrafanaServiceAccountResource, type GrafanaServiceAccount } from '../api/generated/index.js';
import type { KubeClient } from '../runtime/kube/client.js';
import { KeyNotFoundError } from '../runtime/secrets.js';
import { InstanceDependencyNotReadyError } from './not-ready.js';

/**
 * Rethrows why an instance's credentials could not be read. A missing Secret that a
 * GrafanaServiceAccount of the namespace writes (`spec.tokens[].secretName`, the multi-org
 * bootstrap applied in one go) is a wait, DependencyNotReady naming that account, not a
 * SecretNotFound for the user to fix; the Secret's creation requeues the instance.
 */
export async function rethrowUnlessTokenPending(
  kube: Pick<KubeClient, 'list'>,
  namespace: string,
  error: unknown,
): Promise<never> {
  if (error instanceof KeyNotFoundError && error.kind === 'Secret' && error.missing === 'object') {
    const accounts = await kube.list<GrafanaServiceAccount>(GrafanaServiceAccountResource, namespace);
    const writer = accounts.items.find((account) =>
      account.spec?.tokens?.some((token) => token.secretName === error.objectName),
    );
    if (writer) {
      throw new InstanceDependencyNotReadyError(
        `waiting for GrafanaServiceAccount "${writer.metadata?.name ?? ''}" to write its token to Secret "${error.objectName}"`,
      );
    }
  }
  throw error;
}
