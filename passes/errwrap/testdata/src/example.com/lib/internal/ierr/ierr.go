// Package ierr is internal to lib: only lib can name its sentinels.
package ierr

import "errors"

var ErrHidden = errors.New("ierr: hidden") // want ErrHidden:`sentinel`

func Fail() error { // want Fail:`returns\(example.com/lib/internal/ierr.ErrHidden\)`
	return ErrHidden
}
