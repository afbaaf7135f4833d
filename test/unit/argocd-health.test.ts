/**
 * The Argo CD health check (deploy/argocd/health.lua), run by a Lua 5.1 interpreter (Argo CD's
 * dialect) against sample objects. CI installs lua5.1 (.ci/run); elsewhere the tests are skipped
 * with a message when it is missing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../../scripts/generate-api.js';
import { HEALTH_LUA, describeWithLua, health } from '../support/argocd-health.js';

const ready = (status: string, reason: string, message: string, observedGeneration = 2) => ({
  type: 'Ready',
  status,
  reason,
  message,
  lastTransitionTime: '2025-01-01T00:00:00Z',
  observedGeneration,
});
const object = (status?: unknown, generation = 2) => ({
  apiVersion: 'grafana.provisioning.dev/v1beta1',
  kind: 'GrafanaFolder',
  metadata: { name: 'team', namespace: 'default', generation },
  spec: { instanceSelector: { matchLabels: { grafana: 'main' } }, title: 'Team' },
  ...(status === undefined ? {} : { status }),
});

describeWithLua('Argo CD health check (Lua 5.1)', () => {
  it.each([
    ['no status yet', object(), 'Progressing', /Waiting for the operator/],
    ['status without conditions', object({ observedGeneration: 1 }), 'Progressing', /Waiting/],
    [
      'conditions without Ready',
      object({ conditions: [{ ...ready('True', 'X', ''), type: 'Other' }] }),
      'Progressing',
      /Waiting/,
    ],
    [
      'Ready=True for the current generation',
      object({ observedGeneration: 2, conditions: [ready('True', 'Synced', 'In sync on 1/1 instances')] }),
      'Healthy',
      /^In sync on 1\/1 instances$/,
    ],
    [
      'Ready=True, but for an older generation',
      object({ observedGeneration: 1, conditions: [ready('True', 'Synced', 'ok', 1)] }),
      'Progressing',
      /Waiting/,
    ],
    [
      'Ready=False for the current generation',
      object({
        observedGeneration: 2,
        conditions: [ready('False', 'SecretNotFound', 'Secret "creds" not found')],
      }),
      'Degraded',
      /^SecretNotFound: Secret "creds" not found$/,
    ],
    [
      'Ready=False, but for an older generation',
      object({ observedGeneration: 1, conditions: [ready('False', 'Unauthorized', 'no', 1)] }),
      'Progressing',
      /Waiting/,
    ],
    [
      'suspended',
      object({
        observedGeneration: 2,
        conditions: [ready('False', 'Suspended', 'Reconciliation is suspended')],
      }),
      'Suspended',
      /suspended/,
    ],
    [
      'Ready=Unknown',
      object({ conditions: [ready('Unknown', 'Reconciling', 'working')] }),
      'Progressing',
      /working/,
    ],
    [
      'a condition without observedGeneration: status.observedGeneration decides',
      object({
        observedGeneration: 2,
        conditions: [{ type: 'Ready', status: 'True', reason: 'Connected', message: 'ok' }],
      }),
      'Healthy',
      /ok/,
    ],
    [
      'no metadata.generation (as in some Argo CD diffs)',
      { metadata: { name: 'x' }, status: { conditions: [ready('True', 'Connected', 'ok')] } },
      'Healthy',
      /ok/,
    ],
  ])('%s', (_what, sample, status, message) => {
    const result = health(sample);
    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });

  it('the ConfigMap snippet carries exactly this script for every kind, and docs/argocd.md shows it', () => {
    const configMap = parse(
      readFileSync(path.join(ROOT, 'deploy', 'argocd', 'argocd-cm-health.yaml'), 'utf8'),
    ) as {
      data: Record<string, string>;
    };
    const kinds = Object.keys(configMap.data).map((key) =>
      key.replace(/^resource\.customizations\.health\.grafana\.provisioning\.dev_/, ''),
    );
    expect(kinds.length).toBeGreaterThan(0);
    for (const script of Object.values(configMap.data)) expect(script).toBe(HEALTH_LUA);
    const doc = readFileSync(path.join(ROOT, 'docs', 'argocd.md'), 'utf8');
    expect(doc).toContain('```lua\n' + HEALTH_LUA + '```');
  });
});
