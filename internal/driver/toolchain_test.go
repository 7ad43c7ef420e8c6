package driver

import "testing"

func TestCheckGoVersion(t *testing.T) {
	for _, c := range []struct {
		built, goCmd string
		fails        bool
	}{
		{"go1.26.8", "go1.26.8", false},
		{"go1.26.8", "go1.26.9", false}, // a patch release: same language and export data
		{"go1.27.3", "go1.26.8", false}, // an older go command is fine
		{"go1.26.8", "go1.27.3", true},
		{"go1.26.8", "go1.27rc1", true},
		{"go1.26.8", "go1.27", true},
		{"devel go1.27-abcdef", "go1.27.3", false}, // a development build: cannot tell
		{"go1.26.8", "", false},
	} {
		err := checkGoVersion(c.built, c.goCmd)
		if (err != nil) != c.fails {
			t.Errorf("built %s, go command %s: got %v, want failure %v", c.built, c.goCmd, err, c.fails)
		}
	}
	want := "built with go1.26.8 but the go command is go1.27.3; reinstall leakvet with Go 1.27: go install github.com/leakvet/leakvet/cmd/leakvet@latest"
	if got := checkGoVersion("go1.26.8", "go1.27.3").Error(); got != want {
		t.Errorf("message:\n%s\nwant\n%s", got, want)
	}
}
