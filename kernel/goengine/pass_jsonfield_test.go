package goengine

import "testing"

// json.Unmarshal of a struct calls the UnmarshalJSON of its fields' cell
// types (Learning Go's ch13 custom_json), and matches members to fields as
// encoding/json does: by tag or name, exactly first, else without regard
// to case; unknown members and null are ignored, a wrong value is an
// error.
var jsonFieldCases = []struct{ name, src string }{
	{"UnmarshalJSON of a field's type", `
type Temp struct{ C float64 }

func (t *Temp) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return err
	}
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "C"), 64)
	t.C = v
	return err
}
// cell
type Item struct {
	Name string
}

type Reading struct {
	Where  string ` + "`json:\"where\"`" + `
	Temp   Temp   ` + "`json:\"temp\"`" + `
	Items  []Item
	Count  int
	secret int
}
// cell
func main() {
	var r Reading
	err := json.Unmarshal([]byte(` + "`" + `{"where": "lab", "TEMP": "21.5C", "items": [{"name": "a"}], "count": 2, "other": 1, "secret": 3}` + "`" + `), &r)
	fmt.Println(err, r.Where, r.Temp.C, r.Items, r.Count, r.secret)
	err = json.Unmarshal([]byte(` + "`" + `{"temp": null, "Count": 3}` + "`" + `), &r)
	fmt.Println(err, r.Temp.C, r.Count)
	err = json.Unmarshal([]byte(` + "`" + `{"temp": "hot"}` + "`" + `), &r)
	fmt.Println(err != nil)
	err = json.Unmarshal([]byte(` + "`" + `[1]` + "`" + `), &r)
	fmt.Println(err)
	err = json.Unmarshal([]byte(` + "`" + `{"count": "x"` + "`" + `), &r)
	fmt.Println(err)
}
`},
}

func TestJSONFieldUnmarshalAgreesWithGoRun(t *testing.T) {
	needGo(t)
	agreeWithGoRun(t, jsonFieldCases, "import (\n\t\"encoding/json\"\n\t\"fmt\"\n\t\"strconv\"\n\t\"strings\"\n)\n")
}
