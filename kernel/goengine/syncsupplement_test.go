package goengine

import "testing"

// sync's generic functions come from syncSupplement; its types, re-exported
// by alias, must keep working as the compiled ones do (embedded, by
// pointer, in struct literals, with their methods).
func TestSyncSupplement(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "import (\n\t\"fmt\"\n\t\"sync\"\n)\nvar calls int\nfunc answer() int { calls++; return 42 }")
	cases := []struct{ name, code, want string }{
		{"OnceValue calls f once", "get := sync.OnceValue(answer)\nfmt.Sprint(get(), get(), get(), calls)", "42 42 42 1"},
		{"OnceValues", "pair := sync.OnceValues(func() (string, error) { calls++; return \"ok\", nil })\na, err := pair()\nb, _ := pair()\nfmt.Sprintf(\"%s %s %v %d\", a, b, err, calls)", "ok ok <nil> 2"},
		{"a panic in f comes back on every call", "boom := sync.OnceValue(func() int { calls++; panic(\"no value\") })\nseen := \"\"\nfor i := 0; i < 2; i++ {\n\tfunc() {\n\t\tdefer func() { seen += fmt.Sprint(recover(), \";\") }()\n\t\tboom()\n\t}()\n}\nfmt.Sprint(seen, calls)", "no value;no value;3"},
		{"a package-level var of OnceValue (typed by the define pass)", "func makeGreeting() string { calls++; return \"hi\" }\nvar greetOnce = sync.OnceValue(makeGreeting)\ngreetOnce() + greetOnce()", "hihi"},
		{"a package-level var of OnceValues with a function literal", "type config struct{ n int }\nvar loadConfig = sync.OnceValues(func() (*config, error) { return &config{3}, nil })\ncfg, err := loadConfig()\nfmt.Sprint(cfg.n, err)", "3 <nil>"},
		{"OnceValue inside a function", "func twice() int {\n\tget := sync.OnceValue(func() int { calls++; return 7 })\n\treturn get() + get()\n}\ntwice()", "14"},
		{"OnceFunc", "hello := sync.OnceFunc(func() { calls++ })\nhello()\nhello()\ncalls", "6"},
		{"WaitGroup and Mutex", "var wg sync.WaitGroup\nvar mu sync.Mutex\nn := 0\nfor i := 0; i < 8; i++ {\n\twg.Add(1)\n\tgo func() {\n\t\tdefer wg.Done()\n\t\tmu.Lock()\n\t\tn++\n\t\tmu.Unlock()\n\t}()\n}\nwg.Wait()\nn", "8"},
		{"WaitGroup.Go through a pointer", "wg := &sync.WaitGroup{}\nvar total int64\nvar mu sync.Mutex\nfor i := 1; i <= 4; i++ {\n\twg.Go(func() { mu.Lock(); total += int64(i); mu.Unlock() })\n}\nwg.Wait()\ntotal", "10"},
		{"an embedded Mutex", "type counter struct {\n\tsync.Mutex\n\tn int\n}\nfunc (c *counter) inc() { c.Lock(); defer c.Unlock(); c.n++ }\nc := &counter{}\nc.inc()\nc.inc()\nc.n", "2"},
		{"Map, Pool, RWMutex, Once, Cond", "var m sync.Map\nm.Store(\"k\", 7)\nv, _ := m.Load(\"k\")\np := sync.Pool{New: func() any { return \"fresh\" }}\nvar rw sync.RWMutex\nrw.RLock()\nrw.RUnlock()\nvar once sync.Once\nonce.Do(func() { calls++ })\nonce.Do(func() { calls++ })\ncond := sync.NewCond(&sync.Mutex{})\nvar l sync.Locker = cond.L\nl.Lock()\nl.Unlock()\nfmt.Sprintln(v, p.Get(), calls)", "7 fresh 7\n"},
	}
	for _, c := range cases {
		r, b, err := run(t, e, c.code)
		if err != nil {
			t.Errorf("%s: %v\nstderr: %s", c.name, err, r.stderr())
			continue
		}
		if text(b) != c.want {
			t.Errorf("%s: %s, want %s", c.name, text(b), c.want)
		}
	}
	if _, _, err := run(t, e, "sync.OnceValue(42)"); err == nil {
		t.Error("sync.OnceValue(42) compiled")
	}
}

func TestSyncSupplementComplete(t *testing.T) {
	checkSupplementComplete(t, "sync", syncSupplement, syncExports)
}
