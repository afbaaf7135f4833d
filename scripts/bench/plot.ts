/**
 * The shape of a run as a PNG beside its JSON: Ready objects (left axis) and the operator's RSS
 * (right axis) over time. Vega-Lite describes the chart, Vega renders it to SVG (no canvas, pure
 * JS) and resvg turns the SVG into a PNG (a prebuilt binary per platform, no build step).
 */
import { writeFile } from 'node:fs/promises';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { Figures } from './report.js';

export async function writePlot(figures: Figures, file: string): Promise<void> {
  const values = figures.timeline.map((s) => ({
    t: Number(s.t.toFixed(1)),
    phase: s.phase,
    ready: s.ready,
    rssMiB: Number((s.rssBytes / 1024 / 1024).toFixed(1)),
  }));
  const x = { field: 't', type: 'quantitative', title: 'seconds since the objects were created' } as const;
  const spec: vegaLite.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${figures.preset}: ${figures.objects} objects × ${figures.options.instances} instance(s), all Ready at ${figures.seconds.allReady.toFixed(1)} s (limit ${figures.seconds.limit.toFixed(1)} s)`,
    width: 800,
    height: 360,
    background: 'white',
    data: { values },
    layer: [
      {
        mark: { type: 'line', color: '#1f77b4', interpolate: 'step-after' },
        encoding: {
          x,
          y: {
            field: 'ready',
            type: 'quantitative',
            title: 'Ready objects',
            axis: { titleColor: '#1f77b4' },
            scale: { domain: [0, figures.objects] },
          },
        },
      },
      {
        mark: { type: 'line', color: '#d62728', strokeDash: [4, 3] },
        encoding: {
          x,
          y: {
            field: 'rssMiB',
            type: 'quantitative',
            title: 'operator RSS (MiB)',
            axis: { titleColor: '#d62728' },
          },
        },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  };
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  const png = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true } })
    .render()
    .asPng();
  await writeFile(file, png);
}
