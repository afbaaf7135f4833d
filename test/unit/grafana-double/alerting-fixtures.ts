// The fixtures moved to the contract suite; kept here for the double-only tests that still import them from this path.
export * from '../../contract/alerting-fixtures.js';
