package stdlib

import (
	"encoding"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log"
	"reflect"
)

// mapTypes tells yaegi which interfaces compiled functions that take `any`
// look for, so that a value of a type declared in a cell is passed wrapped
// in them: fmt calls the String or Format method of a cell's type, json
// its MarshalJSON, and so on.
func mapTypes() map[reflect.Value][]reflect.Type {
	iface := func(p any) reflect.Type { return reflect.TypeOf(p).Elem() }
	printing := []reflect.Type{iface((*fmt.Formatter)(nil)), iface((*fmt.Stringer)(nil))}
	scanning := []reflect.Type{iface((*fmt.Scanner)(nil))}
	marshal := []reflect.Type{iface((*json.Marshaler)(nil)), iface((*encoding.TextMarshaler)(nil))}
	unmarshal := []reflect.Type{iface((*json.Unmarshaler)(nil)), iface((*encoding.TextUnmarshaler)(nil))}
	xmlMarshal := []reflect.Type{iface((*xml.Marshaler)(nil)), iface((*encoding.TextMarshaler)(nil))}
	xmlUnmarshal := []reflect.Type{iface((*xml.Unmarshaler)(nil)), iface((*encoding.TextUnmarshaler)(nil))}
	m := map[reflect.Value][]reflect.Type{}
	for _, f := range []any{
		fmt.Errorf, fmt.Fprint, fmt.Fprintf, fmt.Fprintln, fmt.Print, fmt.Printf, fmt.Println,
		fmt.Sprint, fmt.Sprintf, fmt.Sprintln, fmt.Append, fmt.Appendf, fmt.Appendln,
		log.Fatal, log.Fatalf, log.Fatalln, log.Panic, log.Panicf, log.Panicln, log.Print, log.Printf, log.Println,
	} {
		m[reflect.ValueOf(f)] = printing
	}
	for _, f := range []any{fmt.Scan, fmt.Scanf, fmt.Scanln, fmt.Sscan, fmt.Sscanf, fmt.Sscanln, fmt.Fscan, fmt.Fscanf, fmt.Fscanln} {
		m[reflect.ValueOf(f)] = scanning
	}
	m[reflect.ValueOf(json.Marshal)] = marshal
	m[reflect.ValueOf(json.MarshalIndent)] = marshal
	m[reflect.ValueOf(json.Unmarshal)] = unmarshal
	m[reflect.ValueOf(xml.Marshal)] = xmlMarshal
	m[reflect.ValueOf(xml.MarshalIndent)] = xmlMarshal
	m[reflect.ValueOf(xml.Unmarshal)] = xmlUnmarshal
	return m
}
