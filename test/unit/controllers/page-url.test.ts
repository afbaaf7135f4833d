import { pageUrl } from '../../../src/sync/page-url.js';

describe('pageUrl', () => {
  it("puts Grafana's relative url on the instance URL, keeping its sub-path", () => {
    expect(pageUrl('http://grafana:3000', '/d/abc/cpu')).toBe('http://grafana:3000/d/abc/cpu');
    expect(pageUrl('http://grafana:3000/', '/d/abc/cpu')).toBe('http://grafana:3000/d/abc/cpu');
    expect(pageUrl('http://host/grafana', '/d/x')).toBe('http://host/grafana/d/x');
    expect(pageUrl('https://host/tools/grafana/', '/alerting/routes')).toBe(
      'https://host/tools/grafana/alerting/routes',
    );
  });

  it('does not repeat a sub-path Grafana already put in front of its url (root_url with a path)', () => {
    expect(pageUrl('http://host/grafana', '/grafana/d/x/cpu')).toBe('http://host/grafana/d/x/cpu');
    expect(pageUrl('http://host/grafana/', '/grafana/dashboards/f/y/')).toBe(
      'http://host/grafana/dashboards/f/y/',
    );
    // Only a whole leading segment counts: /grafana-team is not below /grafana.
    expect(pageUrl('http://host/grafana', '/grafana-team/x')).toBe('http://host/grafana/grafana-team/x');
  });

  it('leaves out credentials, query and fragment of the instance URL', () => {
    expect(pageUrl('https://admin:secret@host:8443/g?orgId=2#top', '/d/x')).toBe('https://host:8443/g/d/x');
  });

  it('leaves an absolute url, or one it cannot place, as it is', () => {
    expect(pageUrl('http://host', 'https://elsewhere/d/x')).toBe('https://elsewhere/d/x');
    expect(pageUrl('not a url', '/d/x')).toBe('/d/x');
  });
});
