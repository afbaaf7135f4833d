import { describe, expect, it } from '@jest/globals';
import {
  desiredSharing,
  recordOf,
  sharingDrift,
  type DesiredSharing,
} from '../../../src/dashboards/public-dashboard.js';
import type { GrafanaPublicDashboard } from '../../../src/grafana/index.js';

describe('spec.publicDashboard', () => {
  const stored = (extra: Partial<GrafanaPublicDashboard> = {}): GrafanaPublicDashboard => ({
    uid: 'pd1',
    dashboardUid: 'board',
    accessToken: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
    isEnabled: true,
    timeSelectionEnabled: false,
    annotationsEnabled: false,
    share: 'public',
    ...extra,
  });

  it("fills in what the block leaves out: enabled, unlike Grafana's default for a new one, and shared by link", () => {
    expect(desiredSharing(undefined)).toBeUndefined();
    expect(desiredSharing({})).toEqual({
      isEnabled: true,
      timeSelectionEnabled: false,
      annotationsEnabled: false,
      share: 'public',
    });
    expect(desiredSharing({ enabled: false, timeSelectionEnabled: true, share: 'email' })).toMatchObject({
      isEnabled: false,
      timeSelectionEnabled: true,
      share: 'email',
    });
  });

  it('drift names the fields that differ, and a missing public dashboard', () => {
    const wanted: DesiredSharing = desiredSharing({})!;
    expect(sharingDrift(wanted, stored())).toEqual([]);
    expect(sharingDrift(wanted, stored({ isEnabled: false, annotationsEnabled: true }))).toEqual([
      'publicDashboard.isEnabled',
      'publicDashboard.annotationsEnabled',
    ]);
    expect(sharingDrift(wanted, null)).toEqual(['publicDashboard']);
  });

  it('without the block, or unread, nothing about it is drift', () => {
    expect(sharingDrift(undefined, stored({ isEnabled: false }))).toEqual([]);
    expect(sharingDrift(undefined, null)).toEqual([]);
    expect(sharingDrift(desiredSharing({}), undefined)).toEqual([]);
  });

  it('records uid, token, the public URL relative to the instance, and whether it is enabled', () => {
    expect(recordOf(stored({ isEnabled: false }))).toEqual({
      uid: 'pd1',
      accessToken: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
      url: '/public-dashboards/0f1e2d3c4b5a69788796a5b4c3d2e1f0',
      enabled: false,
    });
  });
});
