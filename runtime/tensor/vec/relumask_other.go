//go:build !amd64 || purego

package vec

func reluMaskAVX2(dst *float32, mask *uint8, x *float32, n int) { panic("vec: no assembly") }

func reluGradMaskAVX2(grad *float32, mask *uint8, dy *float32, n int, assign bool) {
	panic("vec: no assembly")
}

func reluMaskAVX512(dst *float32, mask *uint8, x *float32, n int) { panic("vec: no assembly") }

func reluGradMaskAVX512(grad *float32, mask *uint8, dy *float32, n int, assign bool) {
	panic("vec: no assembly")
}
