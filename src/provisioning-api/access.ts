import type { KubeClient } from '../runtime/kube/client.js';

/** Who called, as the apiserver's TokenReview names them. */
export interface Caller {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** One permission in Kubernetes RBAC terms: a verb on a resource in a namespace. */
export interface Permission {
  verb: string;
  group: string;
  resource: string;
  namespace: string;
}

interface TokenReview {
  status?: { authenticated?: boolean; user?: Caller; error?: string };
}

interface SubjectAccessReview {
  status?: { allowed?: boolean; denied?: boolean; reason?: string };
}

/**
 * The bearer token's identity, or undefined when the apiserver does not accept it. Any token the
 * apiserver accepts works (service-account tokens, OIDC, static tokens), with the apiserver's own
 * audiences.
 */
export async function authenticate(client: KubeClient, token: string): Promise<Caller | undefined> {
  const review = await client.request<TokenReview>(
    'POST',
    '/apis/authentication.k8s.io/v1/tokenreviews',
    { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } } },
    'tokenreviews',
  );
  const user = review.status?.user;
  return review.status?.authenticated && user?.username
    ? { username: user.username, uid: user.uid, groups: user.groups ?? [], extra: user.extra }
    : undefined;
}

/** Whether Kubernetes RBAC (or whatever authorizer the cluster runs) lets the caller do this. */
export async function isAllowed(
  client: KubeClient,
  caller: Caller,
  permission: Permission,
): Promise<boolean> {
  const review = await client.request<SubjectAccessReview>(
    'POST',
    '/apis/authorization.k8s.io/v1/subjectaccessreviews',
    {
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: {
          user: caller.username,
          uid: caller.uid,
          groups: caller.groups,
          extra: caller.extra,
          resourceAttributes: {
            verb: permission.verb,
            group: permission.group,
            resource: permission.resource,
            namespace: permission.namespace,
          },
        },
      },
    },
    'subjectaccessreviews',
  );
  return review.status?.allowed === true;
}

/** The first of `permissions` the caller lacks, or undefined when it has them all. */
export async function missingPermission(
  client: KubeClient,
  caller: Caller,
  permissions: readonly Permission[],
): Promise<Permission | undefined> {
  const verdicts = await Promise.all(permissions.map((p) => isAllowed(client, caller, p)));
  return permissions.find((_, i) => !verdicts[i]);
}

/** "create grafanadatasources.grafana.provisioning.dev in namespace team-a" */
export function describePermission(permission: Permission): string {
  const resource = permission.group ? `${permission.resource}.${permission.group}` : permission.resource;
  return `${permission.verb} ${resource} in namespace ${permission.namespace}`;
}
