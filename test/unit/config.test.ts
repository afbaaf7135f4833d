import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig: the namespaces to watch', () => {
  it('watches every namespace when neither variable is set, or when it is empty', () => {
    expect(loadConfig({}).watchNamespaces).toBeUndefined();
    expect(loadConfig({ WATCH_NAMESPACES: '' }).watchNamespaces).toBeUndefined();
    expect(loadConfig({ WATCH_NAMESPACES: '  ' }).watchNamespaces).toBeUndefined();
  });

  it('reads WATCH_NAMESPACES as a comma-separated list: trimmed, without empty entries or repeats', () => {
    expect(loadConfig({ WATCH_NAMESPACES: 'team-a' }).watchNamespaces).toEqual(['team-a']);
    expect(loadConfig({ WATCH_NAMESPACES: ' team-a, team-b ,,team-a,' }).watchNamespaces).toEqual([
      'team-a',
      'team-b',
    ]);
  });

  it('accepts WATCH_NAMESPACE, the older single-namespace name, the same way', () => {
    expect(loadConfig({ WATCH_NAMESPACE: 'team-a' }).watchNamespaces).toEqual(['team-a']);
    expect(loadConfig({ WATCH_NAMESPACE: 'team-a,team-b' }).watchNamespaces).toEqual(['team-a', 'team-b']);
  });

  it.each([
    [
      'both names set',
      { WATCH_NAMESPACES: 'a', WATCH_NAMESPACE: 'b' },
      /WATCH_NAMESPACES or .*WATCH_NAMESPACE, not both/,
    ],
    ['a list of commas only', { WATCH_NAMESPACES: ' , ,' }, /WATCH_NAMESPACES: " , ," names no namespace/],
    [
      'upper case',
      { WATCH_NAMESPACES: 'team-a,Team-B' },
      /WATCH_NAMESPACES: "Team-B" is not a namespace name/,
    ],
    ['an underscore', { WATCH_NAMESPACE: 'team_a' }, /WATCH_NAMESPACE: "team_a" is not a namespace name/],
    ['a leading dash', { WATCH_NAMESPACES: '-team' }, /"-team" is not a namespace name/],
    ['a dot', { WATCH_NAMESPACES: 'team.a' }, /"team.a" is not a namespace name/],
    ['64 characters', { WATCH_NAMESPACES: 'a'.repeat(64) }, /is not a namespace name/],
  ])('refuses %s with a ConfigError naming the variable', (_what, env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('accepts a name of exactly 63 characters', () => {
    expect(loadConfig({ WATCH_NAMESPACES: 'a'.repeat(63) }).watchNamespaces).toEqual(['a'.repeat(63)]);
  });
});

describe('loadConfig: the shard selector', () => {
  it('reconciles every object when SHARD_SELECTOR is unset or blank', () => {
    expect(loadConfig({}).shardSelector).toBeUndefined();
    expect(loadConfig({ SHARD_SELECTOR: '  ' }).shardSelector).toBeUndefined();
  });

  it('reads SHARD_SELECTOR as a label selector, trimmed', () => {
    expect(loadConfig({ SHARD_SELECTOR: ' shard in (a,b) ' }).shardSelector).toBe('shard in (a,b)');
  });

  it('refuses one the apiserver would not parse, with a ConfigError saying why', () => {
    expect(() => loadConfig({ SHARD_SELECTOR: 'shard=a,' })).toThrow(
      new ConfigError('SHARD_SELECTOR: "shard=a," is not a label selector: an empty requirement'),
    );
  });
});

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

  it('warns about a waiting state after 60 s unless WAITING_WARNING_AFTER_MS says otherwise', () => {
    expect(loadConfig({}).waitingWarningAfterMs).toBe(60_000);
    expect(loadConfig({ WAITING_WARNING_AFTER_MS: '1500' }).waitingWarningAfterMs).toBe(1_500);
  });

  it("holds a new object's first waiting state out of status for 5 s unless FIRST_WAIT_HELD_MS says otherwise", () => {
    expect(loadConfig({}).firstWaitHeldMs).toBe(5_000);
    expect(loadConfig({ FIRST_WAIT_HELD_MS: '0' }).firstWaitHeldMs).toBe(0);
  });

  it('serves per-instance lists of Grafana objects for 10 s unless SNAPSHOT_MAX_AGE_MS says otherwise', () => {
    expect(loadConfig({}).snapshotMaxAgeMs).toBe(10_000);
    expect(loadConfig({ SNAPSHOT_MAX_AGE_MS: '500' }).snapshotMaxAgeMs).toBe(500);
    expect(() => loadConfig({ SNAPSHOT_MAX_AGE_MS: '10s' })).toThrow(
      'SNAPSHOT_MAX_AGE_MS: expected a non-negative integer, got "10s"',
    );
  });

  it('writes back the count of a repeated Event at most once a minute unless EVENT_REWRITE_INTERVAL_MS says otherwise', () => {
    expect(loadConfig({}).eventRewriteIntervalMs).toBe(60_000);
    expect(loadConfig({ EVENT_REWRITE_INTERVAL_MS: '900' }).eventRewriteIntervalMs).toBe(900);
  });

  it('renews tokens two thirds into their lifetime unless TOKEN_ROTATION_PERCENT says otherwise', () => {
    expect(loadConfig({}).tokenRotateAfterShare).toBeUndefined();
    expect(loadConfig({ TOKEN_ROTATION_PERCENT: '20' }).tokenRotateAfterShare).toBe(0.2);
    expect(() => loadConfig({ TOKEN_ROTATION_PERCENT: '100' })).toThrow(
      'TOKEN_ROTATION_PERCENT: expected 1 to 99, got "100"',
    );
  });

  it('names the variable of a number that is not one', () => {
    expect(() => loadConfig({ METRICS_PORT: 'http' })).toThrow(
      'METRICS_PORT: expected a non-negative integer, got "http"',
    );
  });
});

describe.each([
  { variable: 'GRAFANA_MAX_CONCURRENT_REQUESTS', field: 'grafanaMaxConcurrentRequests', fallback: 10 },
  { variable: 'KUBE_API_CONNECTIONS', field: 'kubeRequestConnections', fallback: 32 },
] as const)('loadConfig: $variable', ({ variable, field, fallback }) => {
  it(`is ${fallback} when unset or empty, no limit at 0, else a whole number`, () => {
    expect(loadConfig({})[field]).toBe(fallback);
    expect(loadConfig({ [variable]: '' })[field]).toBe(fallback);
    expect(loadConfig({ [variable]: '0' })[field]).toBeUndefined();
    expect(loadConfig({ [variable]: '8' })[field]).toBe(8);
    for (const value of ['-1', '1.5', 'many'])
      expect(() => loadConfig({ [variable]: value })).toThrow(
        new ConfigError(`${variable}: expected a whole number (0: no limit), got "${value}"`),
      );
  });
});
