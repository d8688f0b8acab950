// Package spl parses and evaluates the subset of Splunk SPL that rosetta emits,
// so that a translation can be proved by running its query text on events.
//
// It is deliberately independent of the translator: it reads only the emitted
// text (and the macros.conf that goes with it) and applies Splunk's own rules,
// never rosetta's.
//
// # Pipeline
//
// Compile expands `macro` and `macro(arg, ...)` calls (recursively, outside
// double-quoted strings, as Splunk does), parses the text with a participle
// grammar and lowers it to a small evaluation tree. Match runs that tree over a
// single event, one command after another, and reports whether at least one
// result row is left.
//
// Supported commands: an implicit leading search or `search`, `where`, `eval`,
// `regex`, `tstats` (as the first command), `stats`, `rename`, `convert`,
// `fields`, `table`, `fillnull` and `head`. Anything else is a positioned
// error, never silently true.
//
// # Semantics
//
// search (and tstats where): field names are case-sensitive, values are
// compared case-insensitively and must match as a whole; `*` matches any run
// of characters and cannot be escaped; inside double quotes `\\` is one
// backslash and `\"` a quote. NOT binds tightest, then OR, then AND
// (a AND b OR c is a AND (b OR c)). A multivalue field matches if any value
// matches. `NOT f=x` is true when f is missing, `f!=x` is false when f is
// missing (it means f=* AND NOT f=x). `f=*` means the field exists and is not
// null. `<`, `<=`, `>`, `>=` compare numerically when the value is a number
// (non-numeric field values never match), else as text. A value in CIDR
// notation (10.0.0.0/8) also matches the addresses in that subnet. Bare terms
// match, case-insensitively and as a substring with `*` wildcards, against
// `_raw` when the row has it, else against the row's JSON text.
//
// where and eval: quoted strings are literals, bare words and 'single-quoted'
// names are fields. String comparison is case-sensitive; two operands that both
// read as numbers compare numerically. Logic is three-valued: a missing field
// makes a comparison null, NOT null is null, and where keeps a row only when
// its expression is true. NOT binds tightest, then AND, then OR, then XOR.
// like() uses % and _ and is case-sensitive; match() and regex use a PCRE-like
// engine (github.com/dlclark/regexp2), unanchored and case-sensitive unless
// (?i). Regular expressions must be string literals so that they compile
// once, at Compile time.
//
// tstats: `from datamodel=DM.Dataset` keeps events whose "_datamodel" field is
// DM.Dataset or starts with DM.Dataset + ".", and a field written
// Dataset.name reads the event's unprefixed CIM field name. Output rows use the
// names as written (Processes.dest), so a later `rename Processes.* AS *`
// matters. tstats and stats drop an event whose by-field is missing unless
// fillnull_value is given (tstats only); without a by clause they always
// return one row, even for no input (count=0), exactly as Splunk does.
package spl
