package render

import "github.com/rosetta-sigma/rosetta/internal/ir"

// Format is one output shape a backend can produce.
type Format struct {
	Name string // as given to --format
	Doc  string // one line for `rosetta backends`
}

// File is one piece of output: a query for one rule, or a configuration file
// for a batch of rules. Name is its file name under `convert -o DIR`. A
// File with no Name and no Text is no output: a batch format whose rules
// all go into one batch file returns one for a rule only to carry its Note.
type File struct {
	Name string
	Text string
	Rule *ir.Rule // the rule it came from; nil for batch files
	// Note, when set, says something about how the file was made that the
	// user should know (convert prints it to standard error at the rule's
	// position); it is not a problem and does not change the exit status.
	// A File with neither Name nor Text only carries a Note (a batch
	// format's note on a rule whose output goes into the batch files);
	// nothing is written for it.
	Note string
}

// Conversion converts the rules of one run to one format of one backend.
type Conversion interface {
	// Convert converts one rule, keeping what the batch files need. Its
	// error is a diag.List of positioned problems.
	Convert(rule *ir.Rule) ([]File, error)
	// Finish returns the files that describe the whole batch, such as a
	// macros.conf holding every filter macro.
	Finish() []File
}

// ConcurrentConversion is a Conversion that keeps nothing between rules, so
// that a run may convert its rules on several goroutines at once and put the
// files back in the rules' order. The batch formats, which collect what
// Finish writes, are not.
type ConcurrentConversion interface {
	Conversion
	// Concurrent marks the conversion; it does nothing.
	Concurrent()
}
