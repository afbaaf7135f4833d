import { describe, expect, it } from '@jest/globals';
import {
  foreignProvenanceText,
  isForeignManaged,
  notOursConflict,
  refuseForeignManaged,
  switchesToNone,
  wantedProvenance,
} from '../../../src/alerting/provenance.js';
import { ObjectError } from '../../../src/controllers/shared/grafana-object.js';

describe('provenance verdicts', () => {
  it('a write records api, or none with editableInGrafana', () => {
    expect(wantedProvenance(false)).toBe('api');
    expect(wantedProvenance(true)).toBe('');
  });

  it('file and converted_prometheus belong to another manager; none and api do not', () => {
    expect(isForeignManaged('file')).toBe(true);
    expect(isForeignManaged('converted_prometheus')).toBe(true);
    expect(isForeignManaged('api')).toBe(false);
    expect(isForeignManaged('')).toBe(false);
    expect(isForeignManaged(undefined)).toBe(false);
    expect(foreignProvenanceText('file')).toBe('provisioned from files');
    expect(foreignProvenanceText('converted_prometheus')).toBe(
      'managed elsewhere (provenance "converted_prometheus")',
    );
  });

  it('only a switch from a provenance to none needs the resource written again from scratch', () => {
    expect(switchesToNone('api', true)).toBe(true);
    expect(switchesToNone('api', false)).toBe(false);
    expect(switchesToNone('', true)).toBe(false);
    expect(switchesToNone(undefined, true)).toBe(false);
  });
});

describe('provenance conflicts', () => {
  it('refuses a resource of another manager, naming it', () => {
    expect(() => refuseForeignManaged('mute timing "nights"', { provenance: 'api' })).not.toThrow();
    expect(() => refuseForeignManaged('mute timing "nights"', {})).not.toThrow();
    expect(() => refuseForeignManaged('mute timing "nights"', { provenance: 'file' })).toThrow(
      `mute timing "nights" is managed by Grafana's provisioning files (provenance file) and cannot be managed through the API, even with spec.adopt; remove it from there, or choose another name`,
    );
    expect(() => refuseForeignManaged('x', { provenance: 'converted_prometheus' })).toThrow(
      /^x is managed by another source \(provenance converted_prometheus\)/,
    );
  });

  it('a resource this object did not create is a Conflict that points at spec.adopt', () => {
    const error = notOursConflict('notification template group "t"', 'api');
    expect(error).toBeInstanceOf(ObjectError);
    expect(error.reason).toBe('Conflict');
    expect(error.message).toBe(
      'notification template group "t" already exists in Grafana (provenance api) and was not created by this object; set spec.adopt: true to take it over',
    );
    expect(notOursConflict('x', '').message).toBe(
      'x already exists in Grafana and was not created by this object; set spec.adopt: true to take it over',
    );
  });
});
