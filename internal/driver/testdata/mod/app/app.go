package app

import "example.com/drv/lib"

func Run() {
	lib.Good()
	lib.BadHelper()
}
