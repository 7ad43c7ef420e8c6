package realbugs

import (
	"testing"
)

type file struct{}

func (*file) readAtOffsets(start, end int64, batch []int64) {}

// dolthub/dolt#24 ("fix race condition which caused reproducible crash"):
// readStart, readEnd and batch are declared before the loop and assigned
// in it; each goroutine may read the next batch's values. Shared in every
// Go version.
func readBatches(f *file, offsets [][]int64) {
	var readStart, readEnd int64
	var batch []int64
	for _, offs := range offsets {
		readStart, readEnd, batch = offs[0], offs[len(offs)-1], offs
		go func() {
			f.readAtOffsets(readStart, readEnd, batch) // want `readStart is shared by every iteration of the loop at line [0-9]+, which overwrites it at line [0-9]+` `readEnd is shared` `batch is shared`
		}()
	}
}

// The fix saves them in variables scoped to the loop body.
func readBatchesFixedOk(f *file, offsets [][]int64) {
	var readStart, readEnd int64
	var batch []int64
	for _, offs := range offsets {
		readStart, readEnd, batch = offs[0], offs[len(offs)-1], offs
		start, end, b := readStart, readEnd, batch
		go func() {
			f.readAtOffsets(start, end, b)
		}()
	}
}

type testCase struct{ n int }

// The cockroachdb/cockroach#86488 test (see go121.go) in a Go 1.22 file:
// tc is a new variable each iteration, and the tc := tc of the fix is no
// longer needed.
func testFastIntMapGo122Ok(t *testing.T, cases []testCase) {
	for _, tc := range cases {
		t.Run("", func(t *testing.T) {
			t.Parallel()
			use(tc.n)
		})
	}
}

func use(...any) {}
