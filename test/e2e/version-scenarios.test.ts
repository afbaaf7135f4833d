import type { VersionProfile } from '../grafana-double/profiles.js';
import { describeKindScenarios } from './scenarios/suite.js';

/**
 * Every kind's core paths (test/e2e/scenarios/) on the Grafana releases other than the default
 * profile, which kind-scenarios.test.ts covers.
 */
const PROFILES: readonly VersionProfile[] = ['11.2', '13.0'];

for (const version of PROFILES)
  describeKindScenarios(`Grafana ${version}: every kind`, {
    version,
    prefix: `scenarios-${version.replace('.', '-')}`,
  });
