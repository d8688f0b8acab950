package main

import (
	"fmt"

	"github.com/rosetta-sigma/rosetta/internal/deploy"
	"github.com/rosetta-sigma/rosetta/internal/diag"
)

// ProfileCmd prints the embedded deployment profile or checks rules
// against one.
type ProfileCmd struct {
	Show  ProfileShowCmd  `cmd:"" default:"withargs" help:"Print the embedded deployment profile (the default)."`
	Check ProfileCheckCmd `cmd:"" help:"Resolve the deployment settings of rules and print one line per rule; problems in the profile or in a rule's rosetta: attribute are errors."`
}

// ProfileShowCmd prints the embedded profile.
type ProfileShowCmd struct{}

// Run implements the command.
func (ProfileShowCmd) Run(e *env) error {
	_, err := e.stdout.Write(deploy.DefaultText())
	return err
}

// ProfileCheckCmd resolves the settings of each rule.
type ProfileCheckCmd struct {
	Profile string   `type:"existingfile" help:"The profile to check with instead of the embedded one."`
	Paths   []string `arg:"" help:"Rule files or folders, or - for standard input."`
}

// Run implements the command: one line per rule that resolves, the
// problems of the others, exit status 1 when any has one.
func (c *ProfileCheckCmd) Run(e *env) error {
	src := newSources(e.stdin)
	p, err := src.profile(e, c.Profile)
	if err != nil {
		return err
	}
	var errs diag.List
	rules := src.rules(c.Paths, &errs)
	for _, r := range rules {
		s, err := p.For(r)
		if err != nil {
			errs.Append(r.Pos, err)
			continue
		}
		fmt.Fprintf(e.stdout, "%s: %s\n", r.Path, s)
	}
	if len(errs) > 0 {
		diag.Print(e.stderr, errs, 0, src.text)
		return exitError(1)
	}
	return nil
}
