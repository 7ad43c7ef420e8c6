package a

import (
	"log"
	"os"
	"testing"
	"time"
)

// exits never returns: ctrlflow proves it, go/ssa cuts the path.
func exits() {
	os.Exit(2) // want `never returns`
}

// Logger's Exit is a method that happens to be called Exit: it returns.
type Logger struct{}

func (Logger) Exit(code int) {}
func (Logger) Fatal(...any)  {}

type Ticker struct{ *time.Ticker }

func ends(t *testing.T, n int) {
	var l Logger
	switch n {
	case 0:
		os.Exit(1) // want `never returns`
	case 1:
		log.Fatal() // want `never returns`
	case 2:
		exits() // want `never returns`
	case 3:
		l.Exit(1)
		l.Fatal()
	case 4:
		t.Fatal() // want `never returns` `stops test`
	case 5:
		t.Errorf("") // want `fails test`
		t.Log()
	}
}

func tb(tb testing.TB, b *testing.B, n int) {
	if n == 0 {
		tb.SkipNow() // want `stops test`
	}
	tb.Fail() // want `fails test`
	b.Skip()  // want `never returns` `stops test`
}

func calls(w Ticker, tk *time.Ticker) {
	w.Stop()              // want `time.Ticker.Stop`
	tk.Reset(time.Second) // want `time.Ticker.Reset`
	time.Sleep(0)         // want `time.Sleep`
	_ = time.Now()
}
