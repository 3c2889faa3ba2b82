package nn

// SetWinograd turns the Winograd path on or off and returns the previous
// setting (tests compare it with the direct path).
func SetWinograd(on bool) (was bool) {
	was = !winoOff
	winoOff = !on
	return was
}
