import { describeKindScenarios } from './scenarios/suite.js';

/**
 * Every kind's core paths (test/e2e/scenarios/) on the default Grafana: the double's
 * GRAFANA_DOUBLE_VERSION profile (12.2 unless set), or the real Grafana in GRAFANA_URL. The
 * per-kind files test what is particular to a kind; version-scenarios.test.ts runs the same paths
 * on the other releases.
 */
describeKindScenarios('every kind', { prefix: 'kinds' });
