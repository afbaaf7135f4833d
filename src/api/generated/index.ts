// Generated from api/ by scripts/generate-api.ts; edit the source, then run `npm run generate`.

export * from './definitions.js';
export * from './grafanaalertrule.js';
export * from './grafanaalertrulegroup.js';
export * from './grafanaappresource.js';
export * from './grafanacontactpoint.js';
export * from './grafanadashboard.js';
export * from './grafanadatasource.js';
export * from './grafanafolder.js';
export * from './grafanainstance.js';
export * from './grafanalibrarypanel.js';
export * from './grafanamutetiming.js';
export * from './grafananotificationpolicy.js';
export * from './grafananotificationpolicyroute.js';
export * from './grafananotificationtemplate.js';
export * from './grafanaorganization.js';
export * from './grafanarepository.js';
export * from './grafanaserviceaccount.js';
export * from './grafanasilence.js';
export * from './grafanateam.js';
