package ckpt

import (
	"encoding/binary"
	"reflect"
	"testing"
)

// table builds a one-data-block LevelDB table from sorted key/value pairs.
func table(kv [][2]string) []byte {
	blockOf := func(kv [][2]string) []byte {
		var b []byte
		prev := ""
		for _, e := range kv {
			shared := 0
			for shared < len(prev) && shared < len(e[0]) && prev[shared] == e[0][shared] {
				shared++
			}
			b = binary.AppendUvarint(b, uint64(shared))
			b = binary.AppendUvarint(b, uint64(len(e[0])-shared))
			b = binary.AppendUvarint(b, uint64(len(e[1])))
			b = append(b, e[0][shared:]...)
			b = append(b, e[1]...)
			prev = e[0]
		}
		b = binary.LittleEndian.AppendUint32(b, 0) // restart at 0
		b = binary.LittleEndian.AppendUint32(b, 1) // one restart
		return b
	}
	var file []byte
	data := blockOf(kv)
	file = append(file, data...)
	file = append(file, 0, 0, 0, 0, 0) // trailer: no compression, crc
	var h []byte
	h = binary.AppendUvarint(h, 0)
	h = binary.AppendUvarint(h, uint64(len(data)))
	idx := blockOf([][2]string{{kv[len(kv)-1][0], string(h)}})
	idxOff := len(file)
	file = append(file, idx...)
	file = append(file, 0, 0, 0, 0, 0)
	var foot []byte
	foot = binary.AppendUvarint(foot, 0)
	foot = binary.AppendUvarint(foot, 0)
	foot = binary.AppendUvarint(foot, uint64(idxOff))
	foot = binary.AppendUvarint(foot, uint64(len(idx)))
	foot = append(foot, make([]byte, 40-len(foot))...)
	foot = binary.LittleEndian.AppendUint64(foot, tableMagic)
	return append(file, foot...)
}

func TestDecodeIndex(t *testing.T) {
	// BundleEntryProto{dtype: DT_FLOAT, shape: {dim {size: 2} dim {size: 3}}, offset: 24, size: 24}
	entry := []byte{0x08, 0x01, 0x12, 0x08, 0x12, 0x02, 0x08, 0x02, 0x12, 0x02, 0x08, 0x03, 0x20, 24, 0x28, 24}
	bias := []byte{0x08, 0x01, 0x12, 0x04, 0x12, 0x02, 0x08, 0x06, 0x28, 24}
	b := table([][2]string{{"", "\x08\x01"}, {"layer/bias", string(bias)}, {"layer/kernel", string(entry)}})
	ix, err := DecodeIndex(b)
	if err != nil {
		t.Fatal(err)
	}
	want := Entry{Name: "layer/kernel", DType: Float32, Shape: []int{2, 3}, Offset: 24, Size: 24}
	if got := ix.Entries["layer/kernel"]; !reflect.DeepEqual(got, want) {
		t.Errorf("kernel entry = %+v, want %+v", got, want)
	}
	if got := ix.Entries["layer/bias"]; got.Offset != 0 || !reflect.DeepEqual(got.Shape, []int{6}) {
		t.Errorf("bias entry = %+v", got)
	}
	if ix.Shards != 1 || len(ix.Names()) != 2 {
		t.Errorf("shards %d names %v", ix.Shards, ix.Names())
	}
}

func TestDecodeIndexRefusesGarbage(t *testing.T) {
	for _, b := range [][]byte{nil, make([]byte, 100)} {
		if _, err := DecodeIndex(b); err == nil {
			t.Errorf("DecodeIndex(%d zero bytes) succeeded", len(b))
		}
	}
	b := table([][2]string{{"a", "\x08\x01"}})
	b[len(b)-48-5] = 1 // the index block's trailer: compression type
	if _, err := DecodeIndex(b); err == nil {
		t.Error("compressed block accepted")
	}
}
