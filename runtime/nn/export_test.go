package nn

// SetWinograd turns the Winograd path on or off and returns the previous
// setting (tests compare it with the direct path).
func SetWinograd(on bool) (was bool) {
	was = !winoOff
	winoOff = !on
	return was
}

// SetWinogradMinChannels sets the channel count from which the Winograd
// path is taken and returns the previous one (benchmarks measure it below
// the threshold).
func SetWinogradMinChannels(n int) (prev int) {
	prev, winoMinChannels = winoMinChannels, n
	return prev
}

// SetWinogradMinTiles sets the tile count from which the Winograd path is
// taken and returns the previous one (tests run it on small batches).
func SetWinogradMinTiles(n int) (prev int) {
	prev, winoMinTiles = winoMinTiles, n
	return prev
}

// SetWinograd43 lets the Winograd layers take F(4×4, 3×3) where it needs
// fewer products (on) or keeps them all on F(2×2, 3×3), and returns the
// previous setting.
func SetWinograd43(on bool) (was bool) {
	was = !wino43Off
	wino43Off = !on
	return was
}

// SetWinogradS2 lets wide stride-2 layers take their forward pass by the
// stride-2 Winograd (on) or keeps them on the direct path, and returns the
// previous setting.
func SetWinogradS2(on bool) (was bool) {
	was = !winoS2Off
	winoS2Off = !on
	return was
}
