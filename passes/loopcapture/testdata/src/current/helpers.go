package current

import "helpers"

func crossPackageSpawn(xs []int) {
	var cur int
	for _, x := range xs {
		cur = x
		helpers.Spawn(func() {
			use(cur) // want `cur is shared by every iteration.*the func passed to helpers.Spawn, which runs it later,`
		})
	}
}

func crossPackageSubmit(p *helpers.Pool, xs []int) {
	var cur int
	for _, x := range xs {
		cur = x
		p.Submit(func() {
			use(cur) // want `the func passed to Pool.Submit`
		})
	}
}

func crossPackageHook(p *helpers.Pool, xs []int) {
	var cur int
	for _, x := range xs {
		cur = x
		p.OnClose(func() {
			use(cur) // want `the func passed to Pool.OnClose`
		})
	}
}

// helpers.Do waits for f, helpers.Run calls it, helpers.SpawnWait waits
// before returning: all synchronous for the caller.
func crossPackageSyncOk(xs []int, done chan bool) {
	var cur int
	for _, x := range xs {
		cur = x
		helpers.Do(func() { use(cur) })
		helpers.Run(func() { use(cur) })
		helpers.SpawnWait(func() { use(cur) }, done)
	}
}
