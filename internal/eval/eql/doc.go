// Package eql parses and evaluates the subset of Elastic Event Query Language
// that rosetta emits, with Elasticsearch's semantics, so that an emitted query
// text can be run on events independently of the code that wrote it.
//
// Supported: "category where condition" and "any where condition", optionally
// followed by "| head n" or "| tail n" (no effect on one event); and, or, not
// (precedence not > and > or) and parentheses; == != < <= > >= : in in~
// "not in" "not in~" like like~ regex regex~ (single values or parenthesised
// lists); field == null and field != null; the functions startsWith,
// endsWith, stringContains (each with a ~ form), cidrMatch and length; field
// names as dotted identifiers, `backtick quoted` parts and the ?optional
// prefix; strings "..." with the escapes \n \r \t \\ \" \u{XXXX}, raw strings
// """...""", numbers, true, false and null. Sequences, joins, samples, other
// functions and pipes, arithmetic, comparisons between fields, single-quoted
// strings, unknown string escapes and query text that is not UTF-8 are errors
// (*Error, "line:col: message") that name the construct. endsWith and
// stringContains reject arguments containing *, ? or \, which Elasticsearch
// passes unescaped into a wildcard query (see functions.go).
//
// # Semantics
//
// Case: == != in like regex startsWith endsWith stringContains are
// case-sensitive; : in~ like~ regex~ and the ~ functions are not (Unicode
// simple case folding, except regex~ which folds ASCII letters only, as
// Lucene's ASCII_CASE_INSENSITIVE flag does). : and like take the wildcards *
// (any run of characters) and ? (exactly one); Elasticsearch has no escape for
// them, and a backslash is an ordinary character. == never expands wildcards.
// regex is a Lucene regular expression matched against the whole value (see
// lucene.go for the translation to Go and the constructs rejected).
//
// Arrays: a field holding a JSON array matches a comparison when any element
// does, as a term, wildcard or regexp query on a multi-valued field does.
//
// Missing fields and null. Elasticsearch translates an event query into Query
// DSL (org.elasticsearch.xpack.eql.planner.QueryTranslator, which uses
// org.elasticsearch.xpack.ql.planner.ExpressionTranslators): a comparison of
// a field with a literal becomes a term, wildcard, prefix, regexp, range or
// terms query; "not X" becomes bool.must_not(X) (Nots.doTranslate ->
// Query.negate -> NotQuery); "f != v" becomes NotQuery(TermQuery); the
// optimizer's ReplaceNullChecks turns "f == null" into IsNull, translated as
// must_not(exists), and "f != null" into not(IsNull), that is exists. The EQL
// syntax reference (https://www.elastic.co/guide/en/elasticsearch/reference/current/eql-syntax.html,
// "Check if a field exists" and "Optional fields") documents the two null
// checks. Consequences, implemented here:
//
//   - a comparison on a missing or null field is false: process.name :
//     "x" and process.name == "x" drop an event without process.name;
//   - not and != are plain negations of those queries, so they keep such an
//     event: "not process.name : "conhost.exe"" and process.name != "x" both
//     match a process event that has no process.name. A Sigma "not
//     selection" therefore needs no extra existence test in EQL;
//   - field == null matches when the field is absent, null or an empty array;
//     field != null when it has a value;
//   - a comparison on a function result (length(f) > 3) cannot be a query:
//     Elasticsearch runs it as a script with three-valued logic (a null
//     argument gives null, and not null is null), and keeps the event only on
//     true. So "not length(f) > 3" drops an event without f.
//
// ?field: Elasticsearch replaces an optional field that is absent from every
// mapping by the literal null (then "?f == null" is true for all events and
// any other use matches nothing). Per event, this evaluator cannot see the
// mapping; it treats ?field exactly like field, that is as a field that is
// mapped but may be missing from this event. Query.OptionalFields lists them
// so that a schema check can skip them.
//
// Category: "process where" keeps events whose event.category (a string or
// an array of strings) contains exactly "process"; "any where" keeps all.
package eql
