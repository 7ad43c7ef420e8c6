package cfg

import "golang.org/x/tools/go/ssa"

// CycleBlocks reports, for every block of fn by index, whether control can
// leave the block and come back to it, through a natural loop or an
// irreducible cycle. It finds the strongly connected components of the
// control-flow graph once, so asking about every block costs one walk of fn
// instead of one search per block.
// A function without blocks yields nil.
func CycleBlocks(fn *ssa.Function) []bool {
	n := len(fn.Blocks)
	if n == 0 {
		return nil
	}
	// Tarjan's algorithm, iterative so that a function with thousands of
	// blocks cannot exhaust the goroutine stack.
	const unvisited = -1
	index := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = unvisited
	}
	inCycle := make([]bool, n)
	var stack []int // Tarjan's stack of blocks whose component is open
	type frame struct{ block, next int }
	var calls []frame
	counter := 0
	for root := range n {
		if index[root] != unvisited {
			continue
		}
		calls = append(calls, frame{root, 0})
		index[root], low[root] = counter, counter
		counter++
		stack = append(stack, root)
		onStack[root] = true
		for len(calls) > 0 {
			top := &calls[len(calls)-1]
			b := fn.Blocks[top.block]
			if top.next < len(b.Succs) {
				s := b.Succs[top.next].Index
				top.next++
				if s == top.block {
					inCycle[s] = true // a self-edge
				}
				switch {
				case index[s] == unvisited:
					index[s], low[s] = counter, counter
					counter++
					stack = append(stack, s)
					onStack[s] = true
					calls = append(calls, frame{s, 0})
				case onStack[s]:
					low[top.block] = min(low[top.block], index[s])
				}
				continue
			}
			v := top.block
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				parent := calls[len(calls)-1].block
				low[parent] = min(low[parent], low[v])
			}
			if low[v] != index[v] {
				continue
			}
			// v roots a component: pop it; more than one block is a cycle.
			i := len(stack) - 1
			for stack[i] != v {
				i--
			}
			component := stack[i:]
			if len(component) > 1 {
				for _, w := range component {
					inCycle[w] = true
				}
			}
			for _, w := range component {
				onStack[w] = false
			}
			stack = stack[:i]
		}
	}
	return inCycle
}

// Cycles answers CycleBlocks' question for the blocks of many functions,
// finding each function's cycles once. The zero value is ready to use;
// it is not safe for concurrent use.
type Cycles struct {
	byFunc map[*ssa.Function][]bool
}

// InCycle reports whether control can leave b and come back to it.
func (c *Cycles) InCycle(b *ssa.BasicBlock) bool {
	fn := b.Parent()
	cs, ok := c.byFunc[fn]
	if !ok {
		if c.byFunc == nil {
			c.byFunc = make(map[*ssa.Function][]bool)
		}
		cs = CycleBlocks(fn)
		c.byFunc[fn] = cs
	}
	return b.Index < len(cs) && cs[b.Index]
}
