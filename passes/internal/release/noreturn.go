package release

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// noReturnNames are functions and methods that, by universal convention,
// never return: os.Exit, log.Fatal, testing.T.FailNow and their cousins in
// every logging library.
var noReturnNames = map[string]bool{
	"Exit": true, "Fatal": true, "Fatalf": true, "Fatalln": true,
	"Panic": true, "Panicf": true, "Panicln": true, "Goexit": true,
	"FailNow": true, "SkipNow": true, "Skip": true, "Skipf": true,
}

// NeverReturns returns a predicate for Engine.NeverReturns: calls of
// functions that by convention never return, and of functions of pkg none
// of whose blocks returns. It memoises per function.
func NeverReturns(pkg *types.Package) func(ssa.Instruction) bool {
	memo := make(map[*ssa.Function]bool)
	return func(instr ssa.Instruction) bool {
		call, ok := instr.(*ssa.Call)
		if !ok {
			return false
		}
		if f := calleeFunc(call.Common()); f != nil && noReturnNames[f.Name()] {
			return true
		}
		fn := call.Common().StaticCallee()
		if fn == nil || fn.Pkg == nil || fn.Pkg.Pkg != pkg || len(fn.Blocks) == 0 {
			return false
		}
		if r, ok := memo[fn]; ok {
			return r
		}
		r := true
		for _, b := range fn.Blocks {
			if b == fn.Recover || len(b.Instrs) == 0 {
				continue
			}
			if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
				r = false
				break
			}
		}
		memo[fn] = r
		return r
	}
}
