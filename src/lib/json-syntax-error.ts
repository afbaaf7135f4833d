/**
 * Where JSON text is broken, and how, for messages a person acts on. V8's own JSON.parse messages
 * do not always give a position (`Unexpected token 'N', "…" is not valid JSON`), never a line, and
 * change wording between Node versions; jsonc-parser (the scanner behind VS Code's JSON support)
 * reports an offset and an error code for every mistake, and this module words them.
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

export interface JsonSyntaxError {
  /** Offset (UTF-16 code units) of the first mistake. */
  offset: number;
  /** What is wrong there: `unexpected "}", expected a property name in double quotes`. */
  problem: string;
}

/** `unexpected '}', expected a value at line 3, column 7 (position 42)`; V8's message when unlocated. */
export function describeJsonError(text: string, error: unknown): string {
  const located = locateJsonError(text);
  if (!located) return error instanceof Error ? error.message : String(error);
  const before = text.slice(0, located.offset);
  const line = before.split('\n').length;
  const column = located.offset - before.lastIndexOf('\n');
  return `${located.problem} at line ${line}, column ${column} (position ${located.offset})`;
}

/** The first syntax error in `text` (RFC 8259: no comments, no trailing commas), or undefined. */
export function locateJsonError(text: string): JsonSyntaxError | undefined {
  const first = firstError(text);
  if (!first) return undefined;
  const { offset, length } = first;
  switch (first.code) {
    case 'UnexpectedEndOfString': {
      // The string token ends at a line break, or at the end of the input.
      const end = offset + length;
      return end < text.length
        ? { offset: end, problem: CONTROL_CHARACTER }
        : { offset, problem: 'unterminated string' };
    }
    case 'InvalidCharacter': {
      let at = offset;
      while (at < offset + length && text.charCodeAt(at) >= 0x20) at++;
      return { offset: at < offset + length ? at : offset, problem: CONTROL_CHARACTER };
    }
    case 'InvalidEscapeCharacter':
    case 'InvalidUnicode':
      return {
        offset: within(text, first, /\\(?!["\\/bfnrt]|u[0-9a-fA-F]{4})/),
        problem: 'invalid escape sequence in a string',
      };
    case 'InvalidNumberFormat':
    case 'UnexpectedEndOfNumber':
      return { offset, problem: 'invalid number' };
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return { offset, problem: 'comments are not allowed in JSON' };
    default: {
      // A token out of place, or an unknown one (a single quote, `True`, an unquoted word).
      const found = offset >= text.length ? 'end of input' : JSON.stringify(text[offset]);
      return { offset, problem: `unexpected ${found}${expectedAt(text, offset)}` };
    }
  }
}

const CONTROL_CHARACTER = 'unescaped control character (such as a line break) in a string';

/** jsonc-parser's first error; undefined for valid JSON, or JSON nested too deep for its recursion. */
function firstError(text: string): Located | undefined {
  const errors: ParseError[] = [];
  try {
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    return undefined; // V8's message will have to do
  }
  const [first] = errors;
  // The code's name (`InvalidSymbol`): ParseErrorCode is a const enum, out of reach of isolated modules.
  return first && { code: printParseErrorCode(first.error), offset: first.offset, length: first.length };
}

interface Located {
  code: string;
  offset: number;
  length: number;
}

/**
 * What the JSON wants at `offset`, as `, expected …`: what the parser misses when the text ends
 * there. Its codes alone do not tell, say, an unknown word after a property value from one in
 * its place.
 */
function expectedAt(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const opened = before.trimEnd().at(-1);
  switch (firstError(before)?.code) {
    case undefined:
      return ' after the end of the JSON value';
    case 'PropertyNameExpected':
      return ', expected a property name in double quotes';
    case 'ColonExpected':
      return ", expected ':' after a property name";
    case 'CloseBraceExpected':
      return opened === '{'
        ? ', expected a property name in double quotes'
        : ", expected ',' or '}' after a property value";
    case 'CloseBracketExpected':
      return opened === '[' ? ', expected a value' : ", expected ',' or ']' after an array element";
    default:
      return ', expected a value';
  }
}

/** The offset of the first match of `pattern` inside the error's token, else the token's start. */
function within(text: string, error: Located, pattern: RegExp): number {
  const at = text.slice(error.offset, error.offset + error.length).search(pattern);
  return at < 0 ? error.offset : error.offset + at;
}
