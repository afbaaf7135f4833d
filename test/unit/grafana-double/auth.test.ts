import { ACTION_MIN_ROLE, hasPermission, requestedOrgId } from '../../grafana-double/auth.js';
import { bearer, Harness } from './helpers.js';

describe('grafana double only: token states and the RBAC table (§1, §13.1; the HTTP contract is test/contract/auth.test.ts)', () => {
  let h: Harness;
  let org2: number;

  beforeEach(async () => {
    h = await Harness.start();
    org2 = h.double.state.createOrg('Second').id;
    h.double.addServiceAccountToken('glsa_org1_admin', { orgId: 1, role: 'Admin', name: 'op' });
    h.double.addServiceAccountToken('glsa_org1_editor', { orgId: 1, role: 'Editor' });
    h.double.addServiceAccountToken('glsa_org1_viewer', { orgId: 1, role: 'Viewer' });
    h.double.addServiceAccountToken('glsa_org2_admin', { orgId: org2, role: 'Admin' });
  });

  afterEach(() => h.stop());

  it('answers 401 for expired and revoked tokens', async () => {
    h.double.addServiceAccountToken('glsa_expired', { orgId: 1, role: 'Admin', expired: true });
    h.double.addServiceAccountToken('glsa_revoked', { orgId: 1, role: 'Admin', revoked: true });
    const expired = await h.call('GET', '/api/user', { auth: bearer('glsa_expired') });
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({
      statusCode: 401,
      messageId: 'api-key.expired',
      message: 'Expired API key',
    });
    const revoked = await h.call('GET', '/api/user', { auth: bearer('glsa_revoked') });
    expect(revoked.body).toEqual({
      statusCode: 401,
      messageId: 'api-key.revoked',
      message: 'Revoked API key',
    });
  });

  it('keeps the documented action → minimum role table', () => {
    expect(ACTION_MIN_ROLE['datasources:create']).toBe('Admin');
    expect(ACTION_MIN_ROLE['folders:create']).toBe('Editor');
    expect(ACTION_MIN_ROLE['folders:read']).toBe('Viewer');
    const sa = h.double.state.tokens.get('glsa_org1_editor');
    if (sa === undefined) throw new Error('token missing');
    const identity = { kind: 'serviceAccount' as const, serviceAccount: sa };
    expect(hasPermission(identity, 1, 'folders:write')).toBe(true);
    expect(hasPermission(identity, 1, 'datasources:write')).toBe(false);
    expect(hasPermission(identity, 1, 'some.unknown:action')).toBe(false);
    expect(hasPermission(identity, org2, 'folders:read')).toBe(false);
  });

  it('parses org ids like Go ParseInt and ignores non-positive values', () => {
    expect(requestedOrgId(new URLSearchParams('targetOrgId=3'), {})).toBe(3);
    expect(requestedOrgId(new URLSearchParams('targetOrgId=0'), { 'x-grafana-org-id': '2' })).toBe(2);
    expect(requestedOrgId(new URLSearchParams(''), { 'x-grafana-org-id': '2.5' })).toBe(0);
    expect(requestedOrgId(new URLSearchParams(''), { 'x-grafana-org-id': '-4' })).toBe(0);
  });
});
