import { describe, expect, it } from '@jest/globals';
import {
  desiredTemplate,
  diffTemplate,
  normaliseContent,
  storedContent,
} from '../../../src/alerting/notification-template.js';
import { wrapTemplateContent } from '../../../src/grafana/index.js';
import { ObjectError } from '../../../src/lib/object-error.js';
import { desiredGroup as desired, group } from './template-fixtures.js';

const observed = (template: string, provenance: 'api' | '' = 'api') => ({
  template: {
    name: 'ops',
    template,
    version: '8d5a1c0e2b3f4a6d',
    ...(provenance ? { provenance } : {}),
  },
  recorded: true,
});

describe('template content as Grafana stores it', () => {
  it('keeps content with a define block, and wraps and indents content without one', () => {
    expect(storedContent({ name: 'ops', content: group })).toBe(group);
    expect(storedContent({ name: 'plain', content: 'line one\nline two' })).toBe(
      '{{ define "plain" }}\n  line one\n  line two\n{{ end }}',
    );
  });

  it('ignores line endings, trailing whitespace and surrounding blank lines', () => {
    expect(normaliseContent('\n{{ define "a" }}  \r\n  x\t\r\n{{ end }}\n\n')).toBe(
      '{{ define "a" }}\n  x\n{{ end }}',
    );
  });
});

describe('diffTemplate', () => {
  it('is in sync with what Grafana stores, wrapped or not', () => {
    expect(diffTemplate(desired(), observed(group))).toEqual([]);
    const plain = 'Alert {{ .CommonLabels.alertname }}  \r\n  on {{ .ExternalURL }}';
    expect(
      diffTemplate(
        desired({ content: plain }),
        observed(wrapTemplateContent('ops', plain).replace(/\r/g, '')),
      ),
    ).toEqual([]);
  });

  it('reports changed content, another name and provenance; with editableInGrafana nothing', () => {
    expect(diffTemplate(desired(), observed('{{ define "ops.title" }}x{{ end }}'))).toEqual(['template']);
    expect(diffTemplate(desired({ name: 'renamed' }), observed(group))).toEqual(['name']);
    expect(diffTemplate(desired(), observed(group, ''))).toEqual(['provenance']);
    expect(diffTemplate(desired({ editable: true }), observed('changed'))).toEqual([]);
  });
});

describe('desiredTemplate', () => {
  it('sends the content trimmed; empty content is InvalidSpec', () => {
    expect(desiredTemplate('ops', `\n${group}\n`, false)).toEqual(desired());
    expect(desiredTemplate('ops', group, true).editable).toBe(true);
    const empty = () => desiredTemplate('ops', ' \n\t', false);
    expect(empty).toThrow(ObjectError);
    expect(empty).toThrow('the template content is empty');
  });
});
