package chart

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"testing"

	"github.com/yaknb/yak/display"
)

// components maps what an ECharts option uses to the ECharts module that
// draws it, as named in jupyter/labextension/echarts/index.js.
var components = map[string]string{
	"series:line": "LineChart", "series:bar": "BarChart", "series:scatter": "ScatterChart",
	"series:heatmap": "HeatmapChart",
	"title":          "TitleComponent", "tooltip": "TooltipComponent", "legend": "LegendComponent",
	"toolbox": "ToolboxComponent", "grid": "GridComponent", "xAxis": "GridComponent",
	"yAxis": "GridComponent", "visualMap": "VisualMapComponent", "dataZoom": "DataZoomComponent",
	"toolbox:dataZoom": "DataZoomComponent",
	// Options that need no module of their own.
	"color": "", "animation": "", "series": "",
}

// TestBundledECharts checks that the ECharts build that yak bundles (the
// JupyterLab extension's, and the one embedded when make builds it from
// jupyter/labextension/echarts) has every chart type and component that
// the charts of this package use: a chart type added here without its
// module would draw nothing.
func TestBundledECharts(t *testing.T) {
	src, err := os.ReadFile("../../jupyter/labextension/echarts/index.js")
	if err != nil {
		t.Fatal(err)
	}
	used := regexp.MustCompile(`echarts\.use\(\[([^\]]*)\]`).FindSubmatch(src)
	if used == nil {
		t.Fatal("no echarts.use([...]) in index.js")
	}
	bundled := regexp.MustCompile(`\w+`).FindAllString(string(used[1]), -1)
	for name, b := range samples() {
		data := display.Render(b).Data
		raw, ok := data[MIMEECharts].(map[string]any)
		if !ok {
			continue // the image grid: static only
		}
		var opt map[string]any
		if err := json.Unmarshal([]byte(raw["option"].(string)), &opt); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var need []string
		for k := range opt {
			need = append(need, k)
		}
		series, _ := opt["series"].([]any)
		for _, s := range series {
			need = append(need, "series:"+s.(map[string]any)["type"].(string))
		}
		if tb, ok := opt["toolbox"].(map[string]any); ok {
			if f, ok := tb["feature"].(map[string]any); ok && f["dataZoom"] != nil {
				need = append(need, "toolbox:dataZoom")
			}
		}
		for _, n := range need {
			mod, known := components[n]
			switch {
			case !known:
				t.Errorf("%s uses %q: add its ECharts module to jupyter/labextension/echarts/index.js and to this test's table", name, n)
			case mod != "" && !slices.Contains(bundled, mod):
				t.Errorf("%s uses %q, but index.js does not bundle %s", name, n, mod)
			}
		}
	}
}
