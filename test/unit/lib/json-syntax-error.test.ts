import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { describeJsonError, locateJsonError } from '../../../src/lib/json-syntax-error.js';

const nodeExporter = () =>
  readFileSync(new URL('../../fixtures/dashboards/node-exporter.json', import.meta.url), 'utf8');

describe('locateJsonError', () => {
  const at = (text: string) => locateJsonError(text);

  it('finds nothing in valid JSON', () => {
    expect(at('{"a": 1}')).toBeUndefined();
    expect(at(nodeExporter())).toBeUndefined();
  });

  it('locates the usual mistakes, saying what was expected there', () => {
    expect(at("{'title': 'x'}")).toEqual({
      offset: 1,
      problem: `unexpected "'", expected a property name in double quotes`,
    });
    expect(at('{"a": 1} x')).toEqual({
      offset: 9,
      problem: 'unexpected "x" after the end of the JSON value',
    });
    expect(at('{"a": [1, 2')).toEqual({
      offset: 11,
      problem: "unexpected end of input, expected ',' or ']' after an array element",
    });
    expect(at('{"a": 01}')).toEqual({
      offset: 7,
      problem: `unexpected "1", expected ',' or '}' after a property value`,
    });
    expect(at('{"a": tru}')).toEqual({ offset: 6, problem: 'unexpected "t", expected a value' });
    expect(at('{"a": 1,}')).toEqual({
      offset: 8,
      problem: 'unexpected "}", expected a property name in double quotes',
    });
    expect(at('[1,]')).toEqual({ offset: 3, problem: 'unexpected "]", expected a value' });
    expect(at('[1 x, 2]')).toEqual({
      offset: 3,
      problem: `unexpected "x", expected ',' or ']' after an array element`,
    });
    expect(at('{"mode: "none"}')).toEqual({
      offset: 9,
      problem: `unexpected "n", expected ':' after a property name`,
    });
    expect(at('{,}')).toEqual({
      offset: 1,
      problem: 'unexpected ",", expected a property name in double quotes',
    });
    expect(at('[')).toEqual({ offset: 1, problem: 'unexpected end of input, expected a value' });
    expect(at('')).toEqual({ offset: 0, problem: 'unexpected end of input, expected a value' });
  });

  it('points into a string at the character that breaks it', () => {
    expect(at('{"a": "line\nbreak"}')).toEqual({
      offset: 11,
      problem: 'unescaped control character (such as a line break) in a string',
    });
    expect(at('{"a": "tab\there"}')).toEqual({
      offset: 10,
      problem: 'unescaped control character (such as a line break) in a string',
    });
    expect(at('{"a": "C:\\dir"}')).toEqual({ offset: 9, problem: 'invalid escape sequence in a string' });
    expect(at('{"a": "\\u12"}')).toEqual({ offset: 7, problem: 'invalid escape sequence in a string' });
    expect(at('{"a": "open')).toEqual({ offset: 6, problem: 'unterminated string' });
  });

  it('names numbers and comments JSON does not have', () => {
    expect(at('{"a": 1.}')).toEqual({ offset: 6, problem: 'invalid number' });
    expect(at('{"a": 1} // note')).toEqual({ offset: 9, problem: 'comments are not allowed in JSON' });
  });

  it('leaves JSON nested deeper than the parser recurses to V8', () => {
    const deep = '['.repeat(100_000);
    expect(at(deep)).toBeUndefined();
    expect(describeJsonError(deep, new SyntaxError('V8 says'))).toBe('V8 says');
  });
});

describe('describeJsonError', () => {
  it('gives line, column and position', () => {
    const broken = '{\n  "title": "Broken",\n  "panels": [\n    {"id": 1,}\n  ]\n}';
    expect(describeJsonError(broken, new SyntaxError('unused'))).toBe(
      'unexpected "}", expected a property name in double quotes at line 4, column 14 (position 50)',
    );
  });
});
