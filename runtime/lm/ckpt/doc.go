// Package ckpt reads TensorFlow 1 checkpoints (the "tensor bundle" format):
// a variables.index file that maps each tensor name to its dtype, shape and
// byte range, and one variables.data shard holding the raw little-endian
// values.
//
// # Format
//
// The index is a LevelDB table (SSTable): data blocks of prefix-compressed
// key/value entries (three varints — shared key bytes, unshared key bytes,
// value length — then the key suffix and the value), each block followed by
// a restart array and a 5-byte trailer (compression type, CRC); an index
// block whose values are handles (varint offset, varint size) of the data
// blocks; and a 48-byte footer ending in the table magic number. Values are
// protobuf messages: the empty key holds a BundleHeaderProto, every other key
// a BundleEntryProto (dtype, shape, shard, offset, size). Only uncompressed
// tables (what TensorFlow writes for bundles) and a single shard are read;
// anything else is refused with an error that says so.
//
// The decoder is written here from the format descriptions, with just the
// protobuf fields it needs, so that yak needs neither TensorFlow nor a
// protobuf library.
package ckpt
