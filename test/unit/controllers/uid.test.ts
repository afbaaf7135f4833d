import { readFileSync } from 'node:fs';
import { parseDashboard } from '../../../src/dashboards/parse.js';
import { jsonUidOf } from '../../../src/dashboards/prepare.js';
import { chooseUid, deriveUid, uidProblem, type ContentUid } from '../../../src/sync/uid.js';

const derived = deriveUid('monitoring', 'pods');
const json = (value: unknown): ContentUid => ({ value, source: 'spec.json' });

describe('chooseUid: the uid of an object whose content may name one', () => {
  it('a new object: spec.uid, else the uid the content names, else the derived one', () => {
    expect(
      chooseUid({ specUid: 'pinned', content: json('k8s_views_pods'), recorded: undefined, derived }),
    ).toEqual({ uid: 'pinned' });
    expect(
      chooseUid({ specUid: undefined, content: json('k8s_views_pods'), recorded: undefined, derived }),
    ).toEqual({ uid: 'k8s_views_pods' });
    expect(chooseUid({ specUid: undefined, content: undefined, recorded: undefined, derived })).toEqual({
      uid: derived,
    });
  });

  it('spec.uid wins over a content uid Grafana would refuse: that uid is never used', () => {
    expect(chooseUid({ specUid: 'pinned', content: json('no spaces'), recorded: 'pinned', derived })).toEqual(
      {
        uid: 'pinned',
      },
    );
  });

  it('an object keeps the uid it has in Grafana while its content names the same one, or none', () => {
    expect(chooseUid({ specUid: undefined, content: json('pods'), recorded: 'pods', derived })).toEqual({
      uid: 'pods',
    });
    // The uid removed from the JSON: the dashboard stays where it is.
    expect(chooseUid({ specUid: undefined, content: undefined, recorded: 'pods', derived })).toEqual({
      uid: 'pods',
    });
  });

  it('content naming another uid than the one the object has in Grafana is refused, as a spec.uid change is', () => {
    expect(chooseUid({ specUid: undefined, content: json('pods-v2'), recorded: 'pods', derived })).toEqual({
      refused:
        "spec.json has the uid pods-v2, but this object's uid in Grafana is pods, and a uid cannot change while the object exists (as spec.uid cannot): put uid pods back, or delete the object and create it again to move it to pods-v2",
    });
  });

  it('an object created with the derived uid keeps it (nothing moves on upgrade), and says how to move', () => {
    expect(
      chooseUid({ specUid: undefined, content: json('k8s_views_pods'), recorded: derived, derived }),
    ).toEqual({
      uid: derived,
      note: `keeps uid ${derived}, which it was created with, not uid k8s_views_pods from spec.json; delete the object and create it again to move it to k8s_views_pods`,
    });
  });

  it('a content uid Grafana would refuse is refused before anything is sent, saying why', () => {
    const refused = (value: unknown) =>
      chooseUid({ specUid: undefined, content: json(value), recorded: undefined, derived });
    expect(refused('a'.repeat(41))).toEqual({
      refused: `spec.json has the uid "${'a'.repeat(41)}", which Grafana refuses: it is 41 characters long; Grafana allows at most 40. Correct it, remove it (the uid is then derived from the object's name), or set spec.uid`,
    });
    expect(refused('k8s/views.pods')).toEqual({
      refused:
        'spec.json has the uid "k8s/views.pods", which Grafana refuses: it holds "/", "."; Grafana allows only letters, digits, - and _. Correct it, remove it (the uid is then derived from the object\'s name), or set spec.uid',
    });
    // A runaway value is not echoed whole.
    const huge = refused('u'.repeat(10_000));
    expect('refused' in huge && huge.refused).toContain(
      `the uid "${'u'.repeat(40)}"…, which Grafana refuses: it is 10000 characters long`,
    );
    expect(refused(42)).toEqual({ refused: 'spec.json: the uid must be a string (got number)' });
    expect(refused({ uid: 'x' })).toEqual({ refused: 'spec.json: the uid must be a string (got object)' });
  });
});

describe("uidProblem: Grafana's rule for a uid", () => {
  it('takes up to 40 letters, digits, - and _', () => {
    for (const ok of ['a', 'k8s_views_pods', 'P1809F7CD0C75ACF3', 'a-b_c', '0'.repeat(40), derived])
      expect(uidProblem(ok)).toBeUndefined();
  });

  it('refuses longer uids and any other character, naming each once', () => {
    expect(uidProblem('x'.repeat(41))).toBe('it is 41 characters long; Grafana allows at most 40');
    expect(uidProblem('a b c')).toBe('it holds " "; Grafana allows only letters, digits, - and _');
    expect(uidProblem('grüße')).toBe('it holds "ü", "ß"; Grafana allows only letters, digits, - and _');
  });
});

describe('jsonUidOf: the uid a dashboard JSON carries', () => {
  const fixture = (name: string) =>
    parseDashboard(
      readFileSync(new URL(`../../fixtures/dashboards/${name}`, import.meta.url), 'utf8'),
      'spec.json',
    );

  it('reads the uid of real exported dashboards, with the source for messages', () => {
    expect(jsonUidOf(fixture('kubernetes-apiserver.json'), 'spec.json')).toEqual({
      value: 'k8s-apiserver',
      source: 'spec.json',
    });
    expect(jsonUidOf(fixture('node-exporter.json'), 'ConfigMap hosts (key hosts.json)')).toEqual({
      value: 'node-host-overview',
      source: 'ConfigMap hosts (key hosts.json)',
    });
  });

  it('is trimmed as Grafana trims it before saving', () => {
    expect(jsonUidOf({ title: 't', uid: ' pods\n' }, 'spec.json')).toEqual({
      value: 'pods',
      source: 'spec.json',
    });
  });

  it('an absent, null, empty or blank uid is none (Grafana generates one for an empty uid)', () => {
    for (const uid of [undefined, null, '', '  '])
      expect(jsonUidOf({ title: 't', ...(uid === undefined ? {} : { uid }) }, 'spec.json')).toBeUndefined();
  });

  it('any other value is passed on as it is, for chooseUid to judge', () => {
    expect(jsonUidOf({ title: 't', uid: 7 }, 'spec.json')).toEqual({ value: 7, source: 'spec.json' });
  });
});
