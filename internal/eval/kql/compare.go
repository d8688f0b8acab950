package kql

import "strings"

// equality compares a and b the way == does and returns a three-valued
// truth (1, 0, -1 for null):
//   - if either side is a number, both are compared as numbers (a string that
//     does not spell a number, a null or a missing column is null);
//   - else if either side is a datetime, both are compared as datetimes;
//   - two nulls give null; a null against a non-string value gives false;
//   - otherwise both are compared as strings, a missing column or a null being
//     "" (string columns are never null), folding ASCII case when fold is set.
func equality(a, b value, fold bool) int {
	switch {
	case a.isNumber() || b.isNumber():
		ai, af, aInt, aok := a.number()
		bi, bf, bInt, bok := b.number()
		switch {
		case !aok && !bok:
			return -1
		case !aok || !bok:
			return 0
		case aInt && bInt:
			return b2i(ai == bi)
		}
		return b2i(af == bf)
	case a.k == kindDatetime || b.k == kindDatetime:
		at, aok := a.datetime()
		bt, bok := b.datetime()
		switch {
		case !aok && !bok:
			return -1
		case !aok || !bok:
			return 0
		}
		return b2i(at.Equal(bt))
	case a.k == kindNull && b.k == kindNull:
		return -1
	case a.k == kindNull && b.k != kindString && b.k != kindAbsent,
		b.k == kindNull && a.k != kindString && a.k != kindAbsent:
		return 0
	case a.k == kindBool && b.k == kindBool:
		return b2i(a.b == b.b)
	}
	if fold {
		return b2i(foldASCII(a.str()) == foldASCII(b.str()))
	}
	return b2i(a.str() == b.str())
}

// inequality is != : null against a non-null value is true, two nulls are null.
func inequality(a, b value) int {
	if e := equality(a, b, false); e >= 0 {
		return 1 - e
	}
	return -1
}

// ordering compares a and b for < <= > >=: -1, 0 or 1, and ok false when
// either side is null or the two cannot be ordered.
func ordering(a, b value) (int, bool) {
	switch {
	case a.isNumber() || b.isNumber():
		ai, af, aInt, aok := a.number()
		bi, bf, bInt, bok := b.number()
		if !aok || !bok {
			return 0, false
		}
		if aInt && bInt {
			return cmp3(ai < bi, ai > bi), true
		}
		return cmp3(af < bf, af > bf), true
	case a.k == kindDatetime || b.k == kindDatetime:
		at, aok := a.datetime()
		bt, bok := b.datetime()
		if !aok || !bok {
			return 0, false
		}
		return at.Compare(bt), true
	case a.k == kindString && b.k == kindString:
		return strings.Compare(a.s, b.s), true
	}
	return 0, false
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func cmp3(less, greater bool) int {
	switch {
	case less:
		return -1
	case greater:
		return 1
	}
	return 0
}
