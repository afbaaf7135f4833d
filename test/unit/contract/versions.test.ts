import { fileURLToPath, pathToFileURL } from 'node:url';

import { parseVersion, versionMatches } from '../../contract/versions.js';
import { VERSION_PROFILES } from '../../grafana-double/profiles.js';

describe('contract suite: version tables', () => {
  it('picks the first condition that holds, else default', () => {
    const table = { '<11.3': 409, '>=13.0': 400, default: 412 };
    expect(versionMatches('11.2.0', table)).toBe(409);
    expect(versionMatches('11.3.0', table)).toBe(412);
    expect(versionMatches('12.2.1', table)).toBe(412);
    expect(versionMatches('13.0.0-pre', table)).toBe(400);
    expect(versionMatches('12.2.0', { '<=12.2': 'old', '>12.2': 'new', default: 'none' })).toBe('old');
    expect(versionMatches('12.2.4', { '<=12.2': 'old', '>12.2': 'new', default: 'none' })).toBe('new');
  });

  it('reads release and pre-release version strings', () => {
    expect(parseVersion('12.2.0')).toEqual([12, 2, 0]);
    expect(parseVersion('13.0.0-18212356')).toEqual([13, 0, 0]);
    expect(parseVersion('v11.2')).toEqual([11, 2, 0]);
    expect(() => parseVersion('main')).toThrow(/not a Grafana version/);
  });

  it('refuses a condition it cannot read', () => {
    expect(() => versionMatches('12.2.0', { '~12': 1, default: 0 })).toThrow(/cannot read/);
  });

  it('runs the contract projects for every version profile of the double', async () => {
    // A computed specifier: jest.config.js is plain JavaScript without types.
    const configPath = fileURLToPath(new URL('../../../jest.config.js', import.meta.url));
    const config = (await import(pathToFileURL(configPath).href)) as { CONTRACT_PROFILES: string[] };
    expect(config.CONTRACT_PROFILES).toEqual([...VERSION_PROFILES]);
  });
});
