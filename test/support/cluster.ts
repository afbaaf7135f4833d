import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import {
  startControlPlane,
  type ApiResponse,
  type ControlPlane,
  type ControlPlaneOptions,
} from '../cluster/control-plane.js';
import { apiRequest } from '../cluster/http.js';
import { runKubectl, type KubectlOptions, type KubectlResult } from '../cluster/kubectl.js';
import { readState, type E2eState } from './state.js';

export type Identity = 'admin' | 'user';

export interface E2eRequestOptions {
  method?: string;
  body?: unknown;
  contentType?: string;
  /** Defaults to the admin. */
  as?: Identity | { token: string };
}

export interface E2eCluster {
  server: string;
  adminKubeconfig: string;
  userKubeconfig: string;
  adminToken: string;
  userToken: string;
  caFile: string;
  /** A client config for the admin (default) or the unprivileged `e2e-user`. */
  kubeConfig(as?: Identity): KubeConfig;
  kubectl(args: string[], opts?: KubectlOptions): Promise<KubectlResult>;
  /** A raw API request, as the admin unless another identity or token is given. */
  request(path: string, opts?: E2eRequestOptions): Promise<ApiResponse>;
  state: E2eState;
}

/**
 * The control plane shared by every e2e test file of this run (started by globalSetup). It is
 * shared: never restart it; use startPrivateControlPlane() for that.
 */
export function e2eCluster(): E2eCluster {
  const state = readState();
  const ca = readFileSync(state.caFile, 'utf8');
  const tokenOf = (as: Identity | { token: string } = 'admin') =>
    typeof as === 'object' ? as.token : as === 'admin' ? state.adminToken : state.userToken;
  return {
    server: state.server,
    adminKubeconfig: state.adminKubeconfig,
    userKubeconfig: state.userKubeconfig,
    adminToken: state.adminToken,
    userToken: state.userToken,
    caFile: state.caFile,
    state,
    kubeConfig(as: Identity = 'admin') {
      const kc = new KubeConfig();
      kc.loadFromFile(as === 'admin' ? state.adminKubeconfig : state.userKubeconfig);
      return kc;
    },
    kubectl: (args, opts = {}) =>
      runKubectl(state.binaries.kubectl, opts.kubeconfig ?? state.adminKubeconfig, args, {
        input: opts.input,
        timeoutMs: opts.timeoutMs,
      }),
    request: (path, { as, ...opts } = {}) =>
      apiRequest(state.server, path, { ...opts, token: tokenOf(as), ca }),
  };
}

/**
 * A control plane of the calling test file's own, for tests that stop and start the apiserver
 * or otherwise disturb it. Reuses the binaries found by globalSetup; stop() it in afterAll.
 */
export function startPrivateControlPlane(
  options: Omit<ControlPlaneOptions, 'binaries'> = {},
): Promise<ControlPlane> {
  return startControlPlane({ log: () => undefined, ...options, binaries: readState().binaries });
}

function dnsLabel(prefix: string): string {
  const cleaned = prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return (cleaned || 'test').slice(0, 50).replace(/-+$/, '');
}

/**
 * Creates a namespace with a unique name starting with `prefix`. Nothing here garbage-collects or
 * finalizes namespaces (there are no controllers), so callers need not and must not wait for a
 * deletion to finish.
 */
export async function createTestNamespace(prefix: string): Promise<string> {
  const name = `${dnsLabel(prefix)}-${randomBytes(4).toString('hex')}`;
  const core = e2eCluster().kubeConfig().makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name, labels: { 'e2e.gpo/test': dnsLabel(prefix) } } } });
  return name;
}
