import { boundedList, EVENT_MESSAGE_LIMIT, shorten } from '../../../src/lib/messages.js';

const names = (n: number, prefix = 'GrafanaDashboard/dashboard-') =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);

describe('boundedList', () => {
  it('joins a list that fits, whole', () => {
    expect(boundedList(['a', 'b', 'c'])).toBe('a, b, c');
    expect(boundedList(['a', 'b'], { separator: '; ', frame: (l) => `waiting for ${l}` })).toBe(
      'waiting for a; b',
    );
    expect(boundedList([])).toBe('');
  });

  it('cuts a long list at a whole item and counts the rest', () => {
    const items = names(100);
    const message = boundedList(items, { frame: (l) => `waiting for ${l}` });
    expect(message.length).toBeLessThanOrEqual(EVENT_MESSAGE_LIMIT);
    const match = /^waiting for (.*) … and (\d+) more$/.exec(message);
    expect(match).not.toBeNull();
    const shown = match![1]!.split(', ');
    expect(shown).toEqual(items.slice(0, shown.length));
    expect(shown.length + Number(match![2])).toBe(100);
    // As many as fit: one more would not.
    const oneMore = `waiting for ${items.slice(0, shown.length + 1).join(', ')} … and ${100 - shown.length - 1} more`;
    expect(oneMore.length).toBeGreaterThan(EVENT_MESSAGE_LIMIT);
  });

  it('keeps to maxLength exactly at the boundary', () => {
    const items = ['aaaa', 'bbbb', 'cccc', 'dddd', 'eeee'];
    expect(boundedList(items, { maxLength: 28 })).toBe('aaaa, bbbb, cccc, dddd, eeee');
    expect(boundedList(items, { maxLength: 27 })).toBe('aaaa, bbbb … and 3 more');
    expect(boundedList(items, { maxLength: 23 })).toBe('aaaa, bbbb … and 3 more');
    expect(boundedList(items, { maxLength: 22 })).toBe('aaaa … and 4 more');
  });

  it('shows at most maxItems, however short', () => {
    expect(boundedList(['a', 'b', 'c', 'd', 'e', 'f', 'g'], { maxItems: 5 })).toBe(
      'a, b, c, d, e … and 2 more',
    );
    expect(boundedList(['a', 'b', 'c'], { maxItems: 5 })).toBe('a, b, c');
  });

  it('cuts an item too long for the budget rather than show a bare count', () => {
    const long = `main: ${'word '.repeat(400)}`;
    const message = boundedList([long, 'other: short'], { separator: '; ' });
    expect(message.length).toBeLessThanOrEqual(EVENT_MESSAGE_LIMIT);
    expect(message.startsWith('main: word word')).toBe(true);
    expect(message).toMatch(/ … \(\d+ more characters\)$/);
  });
});

describe('shorten', () => {
  it('leaves a message that fits alone', () => {
    expect(shorten('short', 10)).toBe('short');
  });

  it('cuts at the last list boundary and says how much is missing', () => {
    const message = names(60).join('; ');
    const cut = shorten(message, 300);
    expect(cut.length).toBeLessThanOrEqual(300);
    const match = /^(.*) … \((\d+) more characters\)$/.exec(cut);
    expect(match).not.toBeNull();
    const kept = match![1]!;
    expect(kept.split('; ').every((name) => names(60).includes(name))).toBe(true);
    expect(kept.length + Number(match![2])).toBe(message.length);
  });

  it('prefers a "; " to a ", " and a ", " to a space, within the second half', () => {
    expect(shorten(`a; ${'b, '.repeat(30)}`, 60)).toMatch(/^a; b, b, .*b … \(/);
    expect(shorten(`${'x'.repeat(20)}, ${'y '.repeat(40)}`, 60)).toBe(
      `${'x'.repeat(20)} … (82 more characters)`,
    );
    expect(shorten(`${'x'.repeat(5)}, ${'y '.repeat(40)}`, 60)).toMatch(
      /^x{5}, (y )*y … \(\d+ more characters\)$/,
    );
  });

  it('cuts hard within a word only when there is no boundary', () => {
    expect(shorten('x'.repeat(100), 50)).toBe(`${'x'.repeat(26)} … (74 more characters)`);
  });

  it('never keeps half of a surrogate pair', () => {
    const cut = shorten(`${'x'.repeat(25)}${'😀'.repeat(20)}`, 50);
    expect(cut.length).toBeLessThanOrEqual(50);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
