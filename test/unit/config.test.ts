import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig: other settings', () => {
  it('defaults the log format to json and accepts text', () => {
    expect(loadConfig({}).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'text' }).logFormat).toBe('text');
  });

  it('refuses an unknown log format, naming the choices', () => {
    expect(() => loadConfig({ LOG_FORMAT: 'pretty' })).toThrow(
      new ConfigError('LOG_FORMAT: expected one of json, text, got "pretty"'),
    );
  });

  it('names the variable of a number that is not one', () => {
    expect(() => loadConfig({ METRICS_PORT: 'http' })).toThrow(
      'METRICS_PORT: expected a non-negative integer, got "http"',
    );
  });
});
