/**
 * The syntax of a label selector string, as the apiserver parses it (`key`, `!key`, `key=value`,
 * `key==value`, `key!=value`, `key in (a,b)`, `key notin (a,b)`, joined by commas). Checked when the
 * operator starts: the apiserver answers a bad one with 400 on every list, which an informer would
 * only retry.
 */

/** An optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
const KEY =
  /^(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

const EXISTS = /^(!?)\s*([^\s!=(),]+)$/;
const EQUALITY = /^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/;
const SET = /^([^\s!=(),]+)\s+(in|notin)\s*\(([^()]*)\)$/;

/** Why `selector` is not a label selector, or undefined when it is one. */
export function labelSelectorProblem(selector: string): string | undefined {
  const terms = splitTerms(selector);
  if (terms === undefined) return 'unbalanced parentheses';
  for (const raw of terms) {
    const term = raw.trim();
    if (!term) return 'an empty requirement';
    const problem = termProblem(term);
    if (problem) return problem;
  }
  return undefined;
}

function termProblem(term: string): string | undefined {
  const set = SET.exec(term);
  if (set) {
    const values = set[3]!.split(',').map((value) => value.trim());
    return keyProblem(set[1]!) ?? values.map(valueProblem).find(Boolean);
  }
  const equality = EQUALITY.exec(term);
  if (equality) return keyProblem(equality[1]!) ?? valueProblem(equality[3]!);
  const exists = EXISTS.exec(term);
  if (exists) return keyProblem(exists[2]!);
  return `"${term}" is not a requirement (key, !key, key=value, key!=value, key in (…), key notin (…))`;
}

function keyProblem(key: string): string | undefined {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const prefix = key.includes('/') ? key.slice(0, key.lastIndexOf('/')) : '';
  if (KEY.test(key) && name.length <= 63 && prefix.length <= 253) return undefined;
  return `"${key}" is not a label key`;
}

function valueProblem(value: string): string | undefined {
  return VALUE.test(value) && value.length <= 63 ? undefined : `"${value}" is not a label value`;
}

/** The requirements, split at the commas outside parentheses; undefined when they do not balance. */
function splitTerms(selector: string): string[] | undefined {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const char = selector[i];
    if (char === '(') depth++;
    else if (char === ')' && --depth < 0) return undefined;
    else if (char === ',' && depth === 0) {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) return undefined;
  terms.push(selector.slice(start));
  return terms;
}
