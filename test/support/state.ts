import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Binaries } from '../cluster/binaries.js';

/** Names the JSON file with the connection facts that globalSetup writes for test workers. */
export const STATE_ENV = 'GPO_E2E_STATE';

export interface E2eState {
  server: string;
  dir: string;
  adminKubeconfig: string;
  userKubeconfig: string;
  adminToken: string;
  userToken: string;
  caFile: string;
  etcdUrl: string;
  binaries: Binaries;
  /** Names of the CustomResourceDefinitions applied from crds/. */
  crds: string[];
}

export async function writeState(file: string, state: E2eState): Promise<void> {
  await writeFile(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

let cached: E2eState | undefined;

export function readState(): E2eState {
  if (cached) return cached;
  const file = process.env[STATE_ENV];
  if (!file) {
    throw new Error(
      `${STATE_ENV} is not set: e2e tests need the control plane started by test/support/global-setup.ts ` +
        '(run them with --selectProjects e2e)',
    );
  }
  cached = JSON.parse(readFileSync(file, 'utf8')) as E2eState;
  return cached;
}
