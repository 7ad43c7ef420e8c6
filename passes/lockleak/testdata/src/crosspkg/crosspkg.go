package crosspkg

import (
	"errors"

	"lib"
)

func update(d *lib.DB, bad bool) error {
	d.Begin()
	if bad {
		return errors.New("bad") // want `d.mu locked at line 10 is still held at this return`
	}
	d.Commit()
	return nil
}

func updateOK(d *lib.DB, bad bool) error {
	d.Begin()
	defer d.Commit()
	if bad {
		return errors.New("bad")
	}
	return nil
}
