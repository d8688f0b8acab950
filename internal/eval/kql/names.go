package kql

import (
	"reflect"
	"strings"
)

// reservedWords are the Kusto keywords that cannot be used as a bare name (a
// column, an alias, a let name); they must be bracketed, e.g. ['first']. The
// list is the one Microsoft's parser (@kusto/language-service-next 12.4.1,
// the .ci/kusto checker) enforces, less its hyphenated words, which the lexer
// here splits anyway. `count` is not among them: `summarize count=count()`
// is valid.
var reservedWords = toSet(`__contextual_datatable __id accumulate and anomalychart areachart as asc
	barchart bagexpansion between bin_legacy boolean by byte cachingpolicy callout cancel card char
	columnchart contains contains_cs containscs cycles dataexport datascope datatable date datetime
	decimal decodeblocks desc double dynamic earliest encodingpolicy endswith endswith_cs
	expandoutput extent_tags_retention external_data externaldata find first flags float
	force_remote harddelete hardretention has has_all has_any has_cs hasprefix hasprefix_cs hassuffix
	hassuffix_cs hotcache in int invoke isfuzzy journal kind ladderchart last latest like likecs
	linechart long materialize mdm missing nooptimization notcontains notcontainscs notlike notlikecs
	of or others pathformat piechart pivotchart print project queries query_results real relaxed
	restricted_view_access row_level_security rowstore rowstore_references rowstore_sealinfo
	rowstorepolicy rowstores sample scatterchart seal seals search set shards simple softdelete
	softretention sql stackedareachart startswith startswith_cs statistics storedqueryresultcontainers
	string tablepurge time timechart timeline timepivot timespan title to toscalar totable treemap uint
	ulong union uniqueid unrestrictedviewers verbose viewers views where with_itemindex with_match_id
	with_source with_step_name withsource writeaheadlog`)

func toSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}

// checkReservedNames rejects a reserved word used as a bare name anywhere in
// the parse tree, as Kusto does ("The name 'first' needs to be bracketed").
func checkReservedNames(tree *gScript) error {
	var err error
	walkNames(reflect.ValueOf(tree), func(n *gName) {
		if err == nil && n.Ident != "" && reservedWords[n.Ident] {
			err = errorAt(n.Pos, "'%s' is a reserved word; write ['%s'] to use it as a name", n.Ident, n.Ident)
		}
	})
	return err
}

var nameType = reflect.TypeOf(&gName{})

// walkNames calls f on every *gName reachable from v, in source order.
func walkNames(v reflect.Value, f func(*gName)) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		if v.Type() == nameType {
			f(v.Interface().(*gName))
			return
		}
		walkNames(v.Elem(), f)
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkNames(v.Index(i), f)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			walkNames(v.Field(i), f)
		}
	}
}
