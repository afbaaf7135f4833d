import {
  excused,
  noteAgain,
  noteRead,
  noteUnrepeatable,
  readsIf,
  recordReads,
  unrecorded,
} from '../../../src/lib/read-record.js';

/** A check that answers what `state.now` says, and counts its runs. */
function checkOf(state: { now: boolean; runs: number }) {
  return async () => {
    state.runs++;
    return state.now;
  };
}

describe('read records', () => {
  it('follow the reconcile through its awaits; unchanged while every check holds', async () => {
    const a = { now: true, runs: 0 };
    const b = { now: true, runs: 0 };
    const { result, record } = await recordReads(async () => {
      noteRead(checkOf(a), 'a');
      await new Promise((resolve) => setTimeout(resolve, 1));
      noteRead(checkOf(b));
      return 'done';
    });
    expect(result).toBe('done');
    expect(record.repeatable).toBe(true);
    expect(await record.unchanged()).toBe(true);
    b.now = false;
    expect(await record.unchanged()).toBe(false);
    expect([a.runs, b.runs]).toEqual([2, 2]);
  });

  it('a later read of the same thing replaces the earlier one; noteAgain replaces only what was read', async () => {
    const before = { now: false, runs: 0 };
    const after = { now: true, runs: 0 };
    const { record } = await recordReads(async () => {
      noteRead(checkOf(before), 'item');
      noteRead(checkOf(after), 'item');
      noteAgain('never-read', checkOf({ now: false, runs: 0 }));
    });
    expect(await record.unchanged()).toBe(true);
    expect(before.runs).toBe(0);
  });

  it('once the reconcile is over, the record keeps its checks (objects with a run method too) and takes no more', async () => {
    const kept = { now: true, runs: 0 };
    const { record } = await recordReads(async () => {
      noteRead({ run: checkOf(kept) }, 'item');
    });
    expect(record.has('item')).toBe(false);
    record.note(async () => false, 'late');
    expect(await record.unchanged()).toBe(true);
    expect(kept.runs).toBe(1);
  });

  it('a request marks the record unrepeatable, naming the first; unrecorded work marks nothing', async () => {
    const { record } = await recordReads(async () => {
      unrecorded(() => noteUnrepeatable('a shared list call'));
      noteUnrepeatable('GET /api/health');
      noteUnrepeatable('GET /api/org');
    });
    expect(record.repeatable).toBe(false);
    expect(record.unrepeatable).toBe('GET /api/health');
    // Outside any record, notes go nowhere.
    noteUnrepeatable('nobody');
    noteRead(async () => false);
  });

  it('excused requests are told to the caller, not marked; their reads still count', async () => {
    const inner = { now: false, runs: 0 };
    let told: string | undefined;
    const { record } = await recordReads(async () => {
      ({ unrepeatable: told } = await excused(async () => {
        noteUnrepeatable('POST /api/dashboards/db');
        noteRead(checkOf(inner), 'written');
      }));
    });
    expect(told).toBe('POST /api/dashboards/db');
    expect(record.repeatable).toBe(true);
    expect(await record.unchanged()).toBe(false);
  });

  it('readsIf keeps the reads (and marks) of a search only when its result says so', async () => {
    const searched = { now: false, runs: 0 };
    const search = (found: string | undefined) => async () => {
      noteRead(checkOf(searched), 'the whole list');
      noteUnrepeatable('GET past the list');
      return found;
    };
    const none = await recordReads(() => readsIf(search(undefined), (found) => found !== undefined));
    expect(none.record.repeatable).toBe(true);
    expect(await none.record.unchanged()).toBe(true);
    const clash = await recordReads(() => readsIf(search('theirs'), (found) => found !== undefined));
    expect(clash.result).toBe('theirs');
    expect(clash.record.unrepeatable).toBe('GET past the list');
    expect(await clash.record.unchanged()).toBe(false);
  });
});
