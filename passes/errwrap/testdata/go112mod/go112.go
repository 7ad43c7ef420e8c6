// Package go112 predates %w, errors.Is and errors.As: nothing to report.
package go112

import (
	"errors"
	"fmt"
	"os"
)

func old(err error) error {
	return fmt.Errorf("x: %v", err)
}

func oldNew(err error) error {
	return errors.New(err.Error())
}

func oldCompare(name string) bool {
	_, err := os.Open(name)
	return err == os.ErrNotExist
}
