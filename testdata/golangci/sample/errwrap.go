package sample

import (
	"fmt"
	"os"
)

// %v flattens err into text: callers can no longer errors.Is(err, fs.ErrNotExist).
func loadConfig(name string) ([]byte, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("load config %s: %v", name, err) // want errwrap
	}
	return data, nil
}

// Ok: %w keeps the chain.
func loadConfigWrapped(name string) ([]byte, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("load config %s: %w", name, err)
	}
	return data, nil
}
