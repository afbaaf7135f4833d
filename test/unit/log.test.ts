import type { DestinationStream } from 'pino';
import { createLogger } from '../../src/log.js';
import { toTextLine } from '../../src/log-text.js';

function capture(): DestinationStream & { lines: string[] } {
  const lines: string[] = [];
  return { lines, write: (line: string) => void lines.push(line) };
}

describe('createLogger', () => {
  it('writes JSON lines by default', () => {
    const out = capture();
    createLogger({ destination: out }).info({ controller: 'GrafanaFolder' }, 'reconciled');
    expect(out.lines).toHaveLength(1);
    expect(JSON.parse(out.lines[0]!)).toMatchObject({
      level: 'info',
      name: 'grafana-provisioning-operator',
      controller: 'GrafanaFolder',
      msg: 'reconciled',
    });
  });

  it('writes one readable line per entry in the text format: time, level, message, then key=value', () => {
    const out = capture();
    createLogger({ destination: out, format: 'text', level: 'debug' })
      .child({ controller: 'GrafanaFolder' })
      .warn({ key: 'team-a/platform', retryInMs: 400, ready: false }, 'reconcile failed');
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z WARN {2}reconcile failed name=grafana-provisioning-operator controller=GrafanaFolder key=team-a\/platform retryInMs=400 ready=false\n$/,
    );
  });

  it.each(['json', 'text'] as const)('redacts secret fields in the %s format', (format) => {
    const out = capture();
    createLogger({ destination: out, format }).info(
      {
        token: 'glsa_top_secret',
        instance: { password: 'hunter2', url: 'http://grafana:3000' },
        headers: { authorization: 'Bearer glsa_top_secret' },
        datasource: { secureJsonData: { basicAuthPassword: 'hunter2' } },
      },
      'connecting',
    );
    const [line] = out.lines;
    expect(line).not.toMatch(/glsa_top_secret|hunter2/);
    expect(line).toContain('http://grafana:3000');
    expect(line!.match(/\[REDACTED\]/g)).toHaveLength(4);
    if (format === 'text') expect(line).toMatch(/ token=\[REDACTED\] /);
  });
});

describe('toTextLine', () => {
  it('quotes values with spaces, quotes or `=`, writes objects as JSON, and keeps the line single', () => {
    const line = toTextLine(
      JSON.stringify({
        level: 'error',
        time: '2025-01-02T03:04:05.678Z',
        msg: 'list/watch failed\nretrying',
        err: 'connect ECONNREFUSED 127.0.0.1:6443',
        query: 'a=b',
        empty: '',
        controllers: ['grafanafolder', 'grafanadashboard'],
        detail: { status: 403 },
      }),
    );
    expect(line).toBe(
      '2025-01-02T03:04:05.678Z ERROR list/watch failed\\nretrying err="connect ECONNREFUSED 127.0.0.1:6443" ' +
        'query="a=b" empty="" controllers=["grafanafolder","grafanadashboard"] detail={"status":403}\n',
    );
  });

  it('passes a line that is not a JSON object through unchanged', () => {
    expect(toTextLine('not json\n')).toBe('not json\n');
  });
});
