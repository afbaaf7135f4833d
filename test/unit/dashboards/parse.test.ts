import { describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { inputsOf } from '../../../src/dashboards/inputs.js';
import { decodeContent, parseDashboard } from '../../../src/dashboards/parse.js';
import { MAX_JSON_DEPTH } from '../../../src/lib/json-depth.js';
import { apiserver, nodeExporter, objectError } from './dashboards.js';

describe('dashboard content: what is not a dashboard', () => {
  it('reports a syntax error with line, column and position', () => {
    const broken = '{\n  "title": "Broken",\n  "panels": [\n    {"id": 1,}\n  ]\n}';
    const err = objectError(() => parseDashboard(broken, 'spec.json'));
    expect(err.reason).toBe('InvalidSpec');
    expect(err.message).toBe(
      `spec.json is not valid JSON: unexpected "}", expected a property name in double quotes at line 4, column 14 (position 50)`,
    );
    expect(broken[50]).toBe('}');
  });

  it('locates a syntax error in a truncated export near its end', () => {
    // A truncated copy of a large export: the position is near its end.
    const text = nodeExporter();
    const truncated = text.slice(0, text.length - 200);
    const message = objectError(() => parseDashboard(truncated, 'spec.json')).message;
    expect(message).toMatch(/^spec\.json is not valid JSON: .+ at line \d+, column \d+ \(position \d+\)$/);
  });

  it('refuses JSON that is not a dashboard object, saying why', () => {
    const reason = (text: string) => objectError(() => parseDashboard(text, 'spec.json')).message;
    expect(reason('[{"title": "x"}]')).toBe('spec.json is an array, not a dashboard (a JSON object)');
    expect(reason('"dashboard"')).toBe('spec.json is a string, not a dashboard (a JSON object)');
    expect(reason('null')).toBe('spec.json is null, not a dashboard (a JSON object)');
    expect(reason('{"panels": []}')).toBe('spec.json has no "title"; Grafana needs one to save a dashboard');
    expect(reason('{"title": "   "}')).toBe(
      'spec.json has an empty "title"; Grafana needs one to save a dashboard',
    );
    // A title of the wrong type is named as such, not as missing.
    expect(reason('{"title": 123}')).toBe('spec.json: the dashboard title must be a string (got number)');
    expect(reason('{"title": ["x"]}')).toBe('spec.json: the dashboard title must be a string (got array)');
    expect(reason('{"title": "x", "panels": {}}')).toBe('spec.json: "panels" must be an array (got object)');
    expect(objectError(() => inputsOf({ title: 'x', __inputs: [{ name: 7 }] }, 'spec.json')).message).toBe(
      'spec.json: __inputs[0].name must be a string (got number)',
    );
    expect(reason(JSON.stringify({ dashboard: JSON.parse(apiserver()), meta: { version: 3 } }))).toBe(
      'spec.json looks like a Grafana API request or response; use the JSON in its "dashboard" field',
    );
    expect(
      reason(
        JSON.stringify({
          apiVersion: 'dashboard.grafana.app/v2beta1',
          kind: 'Dashboard',
          metadata: { name: 'x' },
          spec: { title: 'x', elements: {} },
        }),
      ),
    ).toContain('is a dashboard.grafana.app/v2beta1 Dashboard resource');
    // An empty dashboard is still a dashboard.
    expect(parseDashboard('{"title": "Empty"}', 'spec.json')).toEqual({ title: 'Empty' });
    // A byte-order mark (files saved on Windows) is not an error.
    expect(parseDashboard('\uFEFF{"title": "BOM"}', 'spec.json').title).toBe('BOM');
  });

  it('decompresses gzip content and refuses corrupt gzip', () => {
    const text = apiserver();
    expect(decodeContent(gzipSync(text), 'spec.gzipJson')).toBe(text);
    expect(decodeContent(Buffer.from(text), 'ConfigMap x (key y)')).toBe(text);
    const corrupt = gzipSync(text).subarray(0, 40);
    expect(objectError(() => decodeContent(corrupt, 'spec.gzipJson')).message).toMatch(
      /^spec\.gzipJson is not valid gzip data: /,
    );
  });

  it('refuses gzip that decompresses to more than the size limit, without decompressing it all', () => {
    // 40 MiB of spaces: 40 KiB compressed, the kind of bomb that fits in a spec.
    const bomb = gzipSync(Buffer.alloc(40 * 1024 * 1024, 0x20));
    const error = objectError(() => decodeContent(bomb, 'spec.gzipJson'));
    expect(error.reason).toBe('InvalidSpec');
    expect(error.message).toBe(
      'spec.gzipJson decompresses to more than 32 MiB, the largest dashboard accepted',
    );
  });

  it('refuses a dashboard nested deeper than MAX_JSON_DEPTH, naming where, before anything walks it', () => {
    const deep = (levels: number) =>
      `{"title":"deep","panels":[${'{"a":'.repeat(levels - 2)}1${'}'.repeat(levels - 2)}]}`;
    // 100 levels: the dashboard object, the panels array and 98 nested objects.
    expect(parseDashboard(deep(MAX_JSON_DEPTH), 'spec.json').title).toBe('deep');
    const error = objectError(() => parseDashboard(deep(MAX_JSON_DEPTH + 1), 'spec.json'));
    expect(error.reason).toBe('InvalidSpec');
    expect(error.message).toMatch(
      /^spec\.json is nested too deeply: more than 100 levels of objects and arrays at panels\[0\](\.a)+$/,
    );
    // What the issue reported: 3,000 levels overflowed the stack while hashing (no status at all).
    const huge = objectError(() => parseDashboard(deep(3000), 'spec.json'));
    expect(huge.message).toMatch(
      /^spec\.json is nested too deeply: more than 100 levels .* at panels\[0\]\.a\.a/,
    );
    expect(huge.message.length).toBeLessThan(400);
  });
});
