// Tests are TypeScript ESM, compiled by SWC per file (no type-check here: `npm run typecheck` does that).
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
      module: { type: 'es6' },
      sourceMaps: 'inline',
    },
  ],
};

const common = {
  transform,
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
};

// The contract suite (test/contract/) runs once per version profile of the Grafana API double
// (test/grafana-double/profiles.ts; a unit test keeps this list equal to VERSION_PROFILES), or once
// against the real Grafana in GRAFANA_URL.
export const CONTRACT_PROFILES = ['11.2', '12.2', '13.0'];
const contractMatch = ['<rootDir>/test/contract/**/*.test.ts'];
const contractProjects = process.env.GRAFANA_URL
  ? [{ ...common, displayName: 'contract GRAFANA_URL', testMatch: contractMatch }]
  : CONTRACT_PROFILES.map((profile) => ({
      ...common,
      displayName: `contract ${profile}`,
      testMatch: contractMatch,
      globals: { contractProfile: profile },
    }));

/** @type {import('jest').Config} */
export default {
  // Global only (jest ignores it per project); e2e tests wait on real processes.
  testTimeout: 120_000,
  // Two files at a time, also on a 2-core machine (jest's default there is one): e2e files mostly wait
  // on the control plane, operators and Grafana rather than compute, and share one control plane.
  // Measured on 2 cores under other load: 556 s of jest with 2 workers, against 767–913 s with one.
  maxWorkers: 2,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    ...contractProjects,
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
