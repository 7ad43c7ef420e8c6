package crosspkg

import (
	"errors"

	"lib"
)

// The release is a call into lib, known through its fact.
func update(d *lib.DB, bad bool) error {
	d.Mu.Lock()
	if bad {
		return errors.New("bad") // want `d.Mu locked at line 11 is still held at this return`
	}
	d.Commit()
	return nil
}

func updateOK(d *lib.DB, bad bool) error {
	d.Mu.Lock()
	defer d.Commit()
	if bad {
		return errors.New("bad")
	}
	return nil
}
