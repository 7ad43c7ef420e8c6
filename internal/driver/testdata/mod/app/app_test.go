package app_test

import (
	"testing"

	"example.com/drv/app"
)

func TestRun(t *testing.T) {
	app.BadInTest()
}
