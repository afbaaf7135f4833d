import { describe, expect, it } from '@jest/globals';
import {
  findByName,
  nameFromUid,
  nameUid,
  ownsNamed,
  recordedName,
  refuseMadeMeanwhile,
} from '../../../src/alerting/notification-resources.js';
import { ObjectError } from '../../../src/lib/object-error.js';
import { MadeMeanwhileError } from '../../../src/sync/object-kind.js';

describe('notification resource uids', () => {
  it("a resource's uid is Grafana's, from its name", () => {
    expect(nameUid('ops')).toBe('b3Bz');
    expect(nameFromUid(nameUid('Team Ops / paging'))).toBe('Team Ops / paging');
    expect(nameFromUid('not base64!')).toBeUndefined();
  });

  it('the name recorded is the one written last on the instance, none before a write', () => {
    expect(recordedName({ uid: nameUid('ops'), appliedHash: 'sha256:x' })).toBe('ops');
    expect(recordedName({ uid: nameUid('ops') })).toBeUndefined();
    expect(recordedName(undefined)).toBeUndefined();
  });
});

describe("finding this object's resource in a list by name", () => {
  const listed = new Map([
    ['ops', { name: 'ops' }],
    ['old', { name: 'old' }],
  ]);

  it('finds it under the desired name, recorded only when that is the name written last', () => {
    expect(findByName(listed, 'ops', 'ops')).toEqual({ item: { name: 'ops' }, recorded: true });
    expect(findByName(listed, 'ops', undefined)).toEqual({ item: { name: 'ops' }, recorded: false });
    expect(findByName(listed, 'ops', 'old')).toEqual({ item: { name: 'ops' }, recorded: false });
  });

  it('after a rename in the spec, under the name written last; else nothing', () => {
    expect(findByName(listed, 'new', 'old')).toEqual({ item: { name: 'old' }, recorded: true });
    expect(findByName(listed, 'new', 'gone')).toBeUndefined();
    expect(findByName(listed, 'new', undefined)).toBeUndefined();
  });

  it('is ours when recorded; otherwise says whose it may be', () => {
    expect(ownsNamed('mute timing "ops"', true, 'api')).toEqual({ ours: true });
    expect(ownsNamed('mute timing "ops"', false, '')).toEqual({
      ours: false,
      message:
        'mute timing "ops" already exists in Grafana and was not created by this object; set spec.adopt: true to take it over',
    });
  });
});

describe('a resource made since the list was read', () => {
  const what = (name: string) => `group "${name}"`;

  it('is nothing when the fresh read found none', () => {
    expect(() => refuseMadeMeanwhile(undefined, what)).not.toThrow();
  });

  it('is left to the sync layer to judge, or a Conflict when another manager has it', () => {
    expect(() => refuseMadeMeanwhile({ name: 'ops', provenance: 'api' }, what)).toThrow(MadeMeanwhileError);
    expect(() => refuseMadeMeanwhile({ name: 'ops' }, what)).toThrow(
      'group "ops" already exists in Grafana and was not created by this object',
    );
    let error: unknown;
    try {
      refuseMadeMeanwhile({ name: 'ops', provenance: 'file' }, what);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ObjectError);
    expect(error).not.toBeInstanceOf(MadeMeanwhileError);
    expect((error as ObjectError).reason).toBe('Conflict');
  });
});
