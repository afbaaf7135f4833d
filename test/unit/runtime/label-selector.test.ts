import { labelSelectorProblem } from '../../../src/runtime/kube/label-selector.js';

describe('labelSelectorProblem: the syntax of a label selector string', () => {
  it.each([
    'shard=a',
    'shard==a',
    'shard!=a',
    'shard',
    '!shard',
    'shard in (a, b)',
    'shard notin (a,b)',
    'example.com/shard=a,tier!=legacy',
    'shard=',
    ' shard = a , team in (x) ',
  ])('accepts %j', (selector) => {
    expect(labelSelectorProblem(selector)).toBeUndefined();
  });

  it.each([
    ['shard=a,', /an empty requirement/],
    ['shard in (a', /unbalanced parentheses/],
    ['shard in a)', /unbalanced parentheses/],
    ['shard=a b', /"shard=a b" is not a requirement/],
    ['shard in a', /"shard in a" is not a requirement/],
    ['-shard=a', /"-shard" is not a label key/],
    ['shard=-a', /"-a" is not a label value/],
    ['shard in (a, -b)', /"-b" is not a label value/],
    [`${'k'.repeat(64)}=a`, /is not a label key/],
    [`shard=${'v'.repeat(64)}`, /is not a label value/],
    ['Example.com/shard=a', /"Example.com\/shard" is not a label key/],
  ])('refuses %j', (selector, problem) => {
    expect(labelSelectorProblem(selector)).toMatch(problem);
  });
});
