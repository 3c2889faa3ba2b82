package silent // import "example.com/silent"

// Silent compiles but forgets to register.
func Silent() int { return 1 }
