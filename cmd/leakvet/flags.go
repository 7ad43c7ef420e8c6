package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// options is a standalone invocation, parsed.
type options struct {
	patterns               []string
	json, sarif            bool
	fix, diff              bool
	context                int // -c: lines of source context; -1 for none
	tags                   string
	tests                  bool
	switched               map[string]bool // -NAME and -NAME=false
	cpuprofile, memprofile string
}

// errHelp is returned by parseFlags for -h and -help.
var errHelp = errors.New("help requested")

// newFlagSet defines every standalone flag. The analyzers' own flags are
// defined on it as NAME.FLAG, bound to the analyzers' values.
func newFlagSet(analyzers []*analysis.Analyzer, opts *options) *flag.FlagSet {
	fs := flag.NewFlagSet("leakvet", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	for _, a := range analyzers {
		fs.Var(&switchFlag{name: a.Name, opts: opts}, a.Name, "switch the check on (only the checks named this way run) or off (=false)")
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	fs.BoolVar(&opts.json, "json", false, "")
	fs.BoolVar(&opts.sarif, "sarif", false, "")
	fs.BoolVar(&opts.fix, "fix", false, "")
	fs.BoolVar(&opts.diff, "diff", false, "")
	fs.IntVar(&opts.context, "c", -1, "")
	fs.StringVar(&opts.tags, "tags", "", "")
	fs.BoolVar(&opts.tests, "test", true, "")
	fs.StringVar(&opts.cpuprofile, "cpuprofile", "", "")
	fs.StringVar(&opts.memprofile, "memprofile", "", "")
	return fs
}

// parseFlags parses a standalone command line. Flags come before the
// package patterns, as for go vet; a flag after them is an error rather
// than a pattern.
func parseFlags(args []string, analyzers []*analysis.Analyzer) (*options, error) {
	opts := &options{switched: make(map[string]bool)}
	fs := newFlagSet(analyzers, opts)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, errHelp
		}
		return nil, err
	}
	opts.patterns = fs.Args()
	for _, p := range opts.patterns {
		if strings.HasPrefix(p, "-") {
			return nil, fmt.Errorf("flag %s after the package patterns: flags go first, as in leakvet %s %s", p, p, strings.Join(withoutFlags(opts.patterns), " "))
		}
	}
	if len(opts.patterns) == 0 {
		return nil, errors.New("no package patterns: usage: leakvet [flags] PATTERNS, as in leakvet ./... for the packages in and below this directory")
	}
	if opts.diff {
		opts.fix = true // -diff shows what -fix would do
	}
	switch {
	case opts.sarif && opts.fix:
		return nil, errors.New("-sarif cannot be combined with -fix or -diff")
	case opts.json && opts.diff:
		return nil, errors.New("-json cannot be combined with -diff")
	case opts.sarif && opts.json:
		return nil, errors.New("-sarif cannot be combined with -json")
	}
	return opts, nil
}

func withoutFlags(args []string) []string {
	var out []string
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			out = append(out, a)
		}
	}
	return out
}

// switchFlag is -NAME, -NAME=true or -NAME=false for check NAME.
type switchFlag struct {
	name string
	opts *options
	on   bool
}

func (f *switchFlag) String() string {
	if f == nil || f.opts == nil {
		return "false"
	}
	return fmt.Sprint(f.on)
}

func (f *switchFlag) Set(s string) error {
	switch s {
	case "true", "1", "t", "T", "TRUE", "True":
		f.on = true
	case "false", "0", "f", "F", "FALSE", "False":
		f.on = false
	default:
		return fmt.Errorf("want true or false")
	}
	f.opts.switched[f.name] = f.on
	return nil
}

func (f *switchFlag) IsBoolFlag() bool { return true }

// selectAnalyzers applies the -NAME and -NAME=false switches: if any check
// is switched on by name, only those run; otherwise every check not
// switched off.
func selectAnalyzers(analyzers []*analysis.Analyzer, switched map[string]bool) []*analysis.Analyzer {
	anyOn := false
	for _, on := range switched {
		anyOn = anyOn || on
	}
	var out []*analysis.Analyzer
	for _, a := range analyzers {
		on, set := switched[a.Name]
		if (anyOn && on) || (!anyOn && (!set || on)) {
			out = append(out, a)
		}
	}
	return out
}
