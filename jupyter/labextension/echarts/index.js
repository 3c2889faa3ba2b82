// The parts of ECharts that plugins/chart uses, and nothing else: about
// 640 kB minified instead of 1 MB for the full build, 280 kB instead of
// 450 kB once compressed into a notebook. Both the JupyterLab extension and
// the copy that plugins/chart embeds for other front ends are built from
// this list. A chart type or option component that plugins/chart starts to
// use must be added here (plugins/chart's TestBundledECharts checks).

import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  ToolboxComponent,
  TooltipComponent,
  VisualMapComponent
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  ScatterChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  ToolboxComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer
]);

export default echarts;
