// A JupyterLab 4 / Notebook 7 mime renderer for yak's charts.
//
// plugins/chart puts each chart's ECharts option, as JSON, under MIME next
// to its text/html (static SVG plus a loader) and image/svg+xml renderings.
// With this extension installed (yak install does it), the front end shows
// that JSON as an interactive ECharts chart drawn by the one copy of ECharts
// bundled here, so outputs need not carry the library. The renderer only
// reads data (no scripts from the output run), so it is safe: charts stay
// interactive in notebooks that are not trusted.

import { Widget } from '@lumino/widgets';

export const MIME = 'application/vnd.yak.echarts+json';

// ECharts (the parts plugins/chart uses, ../echarts/index.js) is loaded on
// the first chart, in a chunk of its own, so a JupyterLab session without
// charts never fetches it.
let library = null;
function echarts() {
  if (!library) {
    library = import(/* webpackChunkName: "echarts" */ '../echarts/index.js').then(m => m.default);
  }
  return library;
}

export class ChartWidget extends Widget {
  constructor(options) {
    super();
    this._mimeType = options.mimeType;
    this._chart = null;
    this._option = null;
    this.addClass('yak-chart');
    this.addClass('yak-chart-mime');
    this._plot = document.createElement('div');
    this._plot.className = 'yak-chart-plot';
    this._plot.style.width = '100%';
    this.node.appendChild(this._plot);
    // ECharts needs a laid-out container: draw once the output has a width
    // (outputs are rendered before they are attached), resize with it.
    this._observer = new ResizeObserver(() => this._draw());
    this._observer.observe(this._plot);
  }

  async renderModel(model) {
    const data = model.data[this._mimeType] || {};
    // The option comes as a JSON string (see plugins/chart's MIMEECharts).
    const option = typeof data.option === 'string' ? JSON.parse(data.option) : data.option;
    this._option = option || {};
    this.node.style.maxWidth = (data.width || 720) + 'px';
    this._plot.style.height = (data.height || 400) + 'px';
    if (data.title) {
      this._plot.setAttribute('aria-label', data.title);
    }
    this._ec = await echarts();
    this._draw();
  }

  _draw() {
    if (!this._ec || !this._option || this._plot.clientWidth === 0) {
      return;
    }
    if (!this._chart) {
      this._chart = this._ec.init(this._plot, null, { renderer: 'canvas' });
      this._chart.setOption(this._option, true);
      this.node.setAttribute('data-yak-drawn', 'true');
    } else if (this._drawnOption !== this._option) {
      this._chart.setOption(this._option, true);
    } else {
      this._chart.resize();
    }
    this._drawnOption = this._option;
  }

  dispose() {
    if (this.isDisposed) {
      return;
    }
    this._observer.disconnect();
    if (this._chart) {
      this._chart.dispose();
      this._chart = null;
    }
    super.dispose();
  }
}

const extension = {
  id: '@yaknb/jupyterlab-echarts:plugin',
  rendererFactory: {
    safe: true,
    mimeTypes: [MIME],
    defaultRank: 0,
    createRenderer: options => new ChartWidget(options)
  },
  // Ahead of text/html (rank 50): the same output's HTML carries no library.
  rank: 0,
  dataType: 'json'
};

export default extension;
