package all

// One blank import per built-in plugin, sorted.
import (
	_ "github.com/yaknb/yak/plugins/bandit"
	_ "github.com/yaknb/yak/plugins/calib"
	_ "github.com/yaknb/yak/plugins/claps"
	_ "github.com/yaknb/yak/plugins/drm"
)
