/** grafana-operator's GrafanaLibraryPanel as ours. */
import { specConverter } from './common.js';
import { readContent } from './content.js';
import { uidFromMetadata } from './dashboard.js';

/**
 * grafana-operator's panel JSON is the library element's model with its name and uid in it; ours
 * takes the same JSON (spec.json), with name and uid as fields of their own.
 */
export const convertLibraryPanel = specConverter(
  'GrafanaLibraryPanel',
  ({ source, spec, report, conversion }) => {
    const content = readContent({ source, spec, conversion });
    if (!content) return undefined;
    const out: Record<string, unknown> = {};
    const { source: from, model } = content;
    if ('json' in from || 'gzipJson' in from) {
      if (!model) {
        report.notConverted('', 'its JSON does not parse as an object');
        return undefined;
      }
      out.json = 'json' in from ? from.json : JSON.stringify(model);
      if ('gzipJson' in from)
        report.changed('spec.gzipJson', 'now spec.json (library panels take plain JSON)');
    } else if ('configMapRef' in from) {
      out.configMapRef = from.configMapRef;
      report.changed(
        'spec.configMapRef',
        'the panel name is metadata.name unless spec.name is set (grafana-operator read it from the JSON)',
      );
    } else {
      report.notConverted(
        'url' in from ? 'spec.url' : 'spec.grafanaCom',
        'library panels come from JSON, a model or a ConfigMap here; download it into spec.json',
      );
      return undefined;
    }
    const uid =
      content.uid ??
      (typeof model?.uid === 'string' && model.uid ? model.uid : uidFromMetadata(source, model, report));
    if (uid) out.uid = uid;
    if (typeof model?.name === 'string' && model.name) out.name = model.name;
    if (content.datasources)
      report.notConverted(
        'spec.datasources',
        'library panels have no datasource inputs here; put the datasource uids into the panel JSON',
      );
    const folderRef = spec.string('folderRef');
    const folderUID = spec.string('folderUID');
    if (folderRef) out.folderRef = folderRef;
    else if (folderUID) out.folderUID = folderUID;
    spec.drop('plugins', 'this operator does not install plugins; install them in Grafana');
    return out;
  },
);
