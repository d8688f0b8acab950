// Package ir is rosetta's intermediate representation of a Sigma rule: a
// small sealed expression tree (And, Or, Not, Match) whose leaves compare one
// field with one value. Sigma modifiers are gone by the time a rule is in IR:
// patterns carry their wildcards as structure, never as magic characters, and
// every node keeps the position of the YAML it came from.
package ir

import (
	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/diag"
)

// Rule is a lowered Sigma rule: its metadata, its log source and one
// expression per condition (a rule with a list of conditions yields one query
// per condition).
type Rule struct {
	Path           string         // the file the rule came from ("-" for stdin)
	Title          string         // rule title
	ID             string         // rule id (UUID)
	Status         string         // stable, test, experimental, ...
	Description    string         // free text
	Author         string         // rule author, shown wherever the rule is reproduced
	Date           string         // creation date, YYYY-MM-DD or YYYY/MM/DD as written
	Modified       string         // last modification date
	Level          string         // informational .. critical
	References     []string       // URLs
	Tags           []string       // attack.* and other tags
	FalsePositives []string       // known false positives
	License        string         // the rule's licence (Sigma "license"), when it names one
	Fields         []string       // fields a responder wants to see (Sigma "fields:")
	Logsource      Logsource      // where the events come from
	Conditions     []Expr         // one expression per condition, in source order
	Custom         map[string]any // attributes outside the Sigma specification
	// CustomYAML holds the same attributes as YAML nodes, with their source
	// positions, for readers that report problems inside them (the
	// deployment settings under "rosetta:").
	CustomYAML map[string]*yaml.Node
	Pos        diag.Pos // position of the rule document
}

// Logsource names the events a rule applies to.
type Logsource struct {
	Category string
	Product  string
	Service  string
}

// Expr is a node of a condition tree. The set of node types is closed: And,
// Or, Not and *Match.
type Expr interface {
	isExpr()
	// Position is where in the rule's YAML the node came from.
	Position() diag.Pos
}

// And is true when every argument is true.
type And struct {
	Args []Expr
	Pos  diag.Pos
}

// Or is true when any argument is true. FromList marks an Or made from a
// YAML list of values for one field, which backends may render as an
// in-list.
type Or struct {
	Args     []Expr
	FromList bool
	Pos      diag.Pos
}

// Not negates its argument.
type Not struct {
	Arg Expr
	Pos diag.Pos
}

// Match compares one field of an event with one value. An empty Field is a
// keyword: a value searched for in the whole event.
type Match struct {
	Field   string   // field name as the rule (or a pipeline) spells it; "" for keywords
	Op      Op       // how the value is compared
	Pattern Pattern  // for OpEq: the value, with wildcards as parts
	Regex   string   // for OpRegex: the expression text
	Flags   string   // for OpRegex: the letters of i, m, s
	Number  float64  // for OpGt .. OpLte
	Ref     string   // for OpFieldRef: the other field
	CIDR    string   // for OpCIDR: the network
	Exists  bool     // for OpExists: whether the field must exist
	Part    TimePart // for OpTimePart: the part of the field's timestamp compared with Number
	Cased   bool     // compare case-sensitively (Sigma "cased")
	Mapped  bool     // the field is already a target field name (added by a pipeline)
	Pos     diag.Pos // position of the field's key in the YAML
}

func (*And) isExpr()   {}
func (*Or) isExpr()    {}
func (*Not) isExpr()   {}
func (*Match) isExpr() {}

// Position implements Expr.
func (e *And) Position() diag.Pos { return e.Pos }

// Position implements Expr.
func (e *Or) Position() diag.Pos { return e.Pos }

// Position implements Expr.
func (e *Not) Position() diag.Pos { return e.Pos }

// Position implements Expr.
func (e *Match) Position() diag.Pos { return e.Pos }

// Op is the comparison a Match makes.
type Op int

// The comparisons. OpEq matches a Pattern (case-insensitively unless Cased);
// the others are explicit operators that backends render or reject.
const (
	OpEq       Op = iota // pattern match
	OpRegex              // regular expression (Sigma "re")
	OpCIDR               // network membership (Sigma "cidr")
	OpExists             // field presence (Sigma "exists")
	OpNull               // field absent or empty (Sigma "null")
	OpFieldRef           // equal to another field (Sigma "fieldref")
	OpGt                 // numerically greater
	OpGte                // numerically greater or equal
	OpLt                 // numerically less
	OpLte                // numerically less or equal
	OpTimePart           // a part of the field's timestamp equals Number (Sigma "minute", "hour", ...)
)

var opNames = [...]string{"eq", "re", "cidr", "exists", "null", "fieldref", "gt", "gte", "lt", "lte", "timepart"}

// String names the operator as Sigma would.
func (o Op) String() string {
	if int(o) < len(opNames) {
		return opNames[o]
	}
	return "op?"
}

// TimePart names the part of a timestamp a Sigma time modifier extracts, in
// UTC: the minute (0-59), the hour (0-23), the day of the month (1-31), the
// ISO 8601 week of the year (1-53: week 1 holds the year's first Thursday),
// the month (1-12) or the year.
type TimePart string

// The timestamp parts, named as the Sigma modifiers.
const (
	PartMinute TimePart = "minute"
	PartHour   TimePart = "hour"
	PartDay    TimePart = "day"
	PartWeek   TimePart = "week"
	PartMonth  TimePart = "month"
	PartYear   TimePart = "year"
)
