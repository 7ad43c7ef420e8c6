package driver

import (
	"fmt"
	"go/version"
	"runtime"
)

// InstallCommand is how a user gets a leakvet built by their Go.
const InstallCommand = "go install github.com/leakvet/leakvet/cmd/leakvet@latest"

// CheckGoVersion returns an error when goVersion, the go command's (such
// as go1.27.3), is a newer Go release than the one leakvet was built with.
// Such a leakvet cannot work: the go/types built into it rejects what the
// newer release added to the language, and with it the standard library's
// export data, so every package would fail. The error is one line, saying
// what to do. A patch release, an older go command or a version that does
// not parse (a development build) passes.
func CheckGoVersion(goVersion string) error {
	return checkGoVersion(runtime.Version(), goVersion)
}

func checkGoVersion(built, goCmd string) error {
	builtLang, cmdLang := version.Lang(built), version.Lang(goCmd)
	if builtLang == "" || cmdLang == "" || version.Compare(cmdLang, builtLang) <= 0 {
		return nil
	}
	return &ToolchainError{Built: built, GoCommand: goCmd}
}

// ToolchainError says leakvet was built by an older Go than the go
// command's.
type ToolchainError struct {
	Built, GoCommand string
}

func (e *ToolchainError) Error() string {
	return fmt.Sprintf("built with %s but the go command is %s; reinstall leakvet with Go %s: %s",
		e.Built, e.GoCommand, version.Lang(e.GoCommand)[len("go"):], InstallCommand)
}
