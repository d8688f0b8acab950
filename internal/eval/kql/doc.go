// Package kql parses and evaluates the subset of Kusto Query Language that rosetta emits
// for Microsoft Defender XDR advanced hunting and Microsoft Sentinel, so that a
// translation can be proven by running its query text on events.
//
// The package is deliberately independent of the KQL backend: it reads only the
// emitted text, with a participle grammar (grammar.go) lowered to a small
// evaluation tree at Compile (lower_*.go). Nothing is parsed, looked up by name
// or compiled on the per-event path except column values.
//
// # Events and tables
//
// An event is a flat JSON object shaped by the Defender/Sentinel ingest model;
// the key "_table" names the table it belongs to. A query's source table reads
// exactly the events whose "_table" equals its name, and the row an event
// holds for it under "_also" (an object of rows by table name: the same
// activity as another table records it). Match runs the whole query
// over a table holding that single event and reports whether any row comes out.
// Note that, as in Kusto, "summarize" without "by" and the "count" operator
// produce one row even from an empty input.
//
// # Semantics (sources: learn.microsoft.com/kusto)
//
//   - Strings: KQL string columns are never null. A column missing from the
//     event reads as "" wherever a string is expected (isempty is true, isnull is
//     false) and as null in numeric comparisons and arithmetic. A JSON null reads
//     as null (isnull and isempty are both true; "" in string operators).
//   - Case: ==, !=, in, !in, has_cs, contains_cs, startswith_cs, endswith_cs and
//     matches regex are case-sensitive; =~, !~, in~, !in~, has, contains,
//     startswith, endswith, hasprefix, hassuffix are not, and fold ASCII letters
//     only ("case-insensitive operators are currently supported only for ASCII").
//   - has: a string is split into terms, the maximal runs of ASCII letters and
//     digits. The needle must start at a term start and end at a term end; its
//     own non-alphanumeric characters must appear literally, so
//     "C:\Windows\regasm.exe" has "regasm.exe" but "xregasm.exe" does not.
//     hasprefix only needs the term start, hassuffix only the term end.
//   - Nulls: comparisons with null give null, except that == gives false and !=
//     gives true when exactly one side is null; and/or/not are three-valued;
//     where keeps a row only when its predicate is true.
//   - Dynamic: a column holding a JSON object or array is dynamic. Col.key,
//     Col["key"] and Col[i] (negative from the end) read into it, as does
//     .key after a call (parse_json(s).key); a missing property, an index out
//     of range and any access into a value that is no object or array give
//     null. tostring() of a dynamic string is the string, of an object or
//     array its JSON text. parse_json() and todynamic() parse a string that
//     holds one JSON value, give any other string back as it is, and give
//     null for "" and null.
//   - matches regex uses RE2 (Go regexp), unanchored, case-sensitive unless the
//     pattern says (?i). The pattern must be a constant and is compiled once.
//   - String literals: "..." and '...' with the escapes the Kusto lexer accepts
//     (\\ \" \' \a \b \f \n \r \t \v \xHH \uHHHH \UHHHHHHHH and octal); any
//     other backslash is a positioned error. Verbatim @"..." and @'...' take
//     backslashes literally and double the quote to include it. h"..."
//     (obfuscated) and ```...``` / ~~~...~~~ (multi-line) literals are read too.
//     Adjacent literals are concatenated.
//
// Compile reports errors as "line:col: message" (see Error); an unknown
// operator, function or table function is always an error naming it, never a
// silent true.
package kql
