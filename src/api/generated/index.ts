// Generated from api/ by scripts/generate-api.ts; edit the source, then run `npm run generate`.

export * from './definitions.js';
export * from './grafanadatasource.js';
export * from './grafanafolder.js';
export * from './grafanainstance.js';
