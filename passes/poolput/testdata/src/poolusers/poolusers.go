package poolusers

import (
	"errors"

	"poolhelpers"
)

func leaky(s string) error {
	b := poolhelpers.Get() // want `b from poolhelpers.Get is not put back on the error path to the return at line 12`
	if s == "" {
		return errors.New("empty")
	}
	b.WriteString(s)
	poolhelpers.Put(b)
	return nil
}

func fine(s string) error {
	b := poolhelpers.Get()
	defer poolhelpers.Put(b)
	if s == "" {
		return errors.New("empty")
	}
	b.WriteString(s)
	return nil
}
