package kql

import (
	"net/netip"
	"strings"
)

// parseIPv4Prefix reads "a.b.c.d" or "a.b.c.d/n" as an IPv4 prefix (a plain
// address is a /32).
func parseIPv4Prefix(s string) (netip.Prefix, bool) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil || !p.Addr().Is4() {
			return netip.Prefix{}, false
		}
		return p, true
	}
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is4() {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, 32), true
}

// parseIPv6Prefix reads an IPv6 or IPv4 address or prefix as an IPv6 prefix;
// IPv4 is mapped into ::ffff:0:0/96 as the ipv6_* functions do.
func parseIPv6Prefix(s string) (netip.Prefix, bool) {
	s = strings.TrimSpace(s)
	addr, bits := s, -1
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		addr, bits = s[:i], p.Bits()
	}
	a, err := netip.ParseAddr(addr)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, false
	}
	if a.Is4() {
		a = netip.AddrFrom16(a.As16())
		if bits >= 0 {
			bits += 96
		}
	}
	if bits < 0 {
		bits = 128
	}
	return netip.PrefixFrom(a, bits), true
}

// ipv4IsInRange is ipv4_is_in_range(ip, range): null when either is not IPv4.
func ipv4IsInRange(a []value) value {
	ip, ok1 := parseIPv4Prefix(a[0].str())
	rng, ok2 := parseIPv4Prefix(a[1].str())
	if !ok1 || !ok2 {
		return nullValue
	}
	return boolVal(rng.Bits() <= ip.Bits() && rng.Contains(ip.Addr()))
}

// ipv6IsInRange is ipv6_is_in_range(ip, range); IPv4 input is accepted.
func ipv6IsInRange(a []value) value {
	ip, ok1 := parseIPv6Prefix(a[0].str())
	rng, ok2 := parseIPv6Prefix(a[1].str())
	if !ok1 || !ok2 {
		return nullValue
	}
	return boolVal(rng.Bits() <= ip.Bits() && rng.Contains(ip.Addr()))
}

// ipv4IsMatch is ipv4_is_match(ip1, ip2[, prefix]): equal under the shortest
// of the given prefixes.
func ipv4IsMatch(a []value) value {
	p1, ok1 := parseIPv4Prefix(a[0].str())
	p2, ok2 := parseIPv4Prefix(a[1].str())
	if !ok1 || !ok2 {
		return nullValue
	}
	bits := min(p1.Bits(), p2.Bits())
	if len(a) == 3 {
		n, _, isInt, ok := a[2].number()
		if !ok || !isInt || n < 0 || n > 32 {
			return nullValue
		}
		bits = min(bits, int(n))
	}
	m1, _ := p1.Addr().Prefix(bits)
	m2, _ := p2.Addr().Prefix(bits)
	return boolVal(m1 == m2)
}

var privateIPv4 = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
}

// ipv4IsPrivate is ipv4_is_private(ip): RFC 1918 ranges.
func ipv4IsPrivate(a []value) value {
	p, ok := parseIPv4Prefix(a[0].str())
	if !ok {
		return nullValue
	}
	for _, r := range privateIPv4 {
		if r.Contains(p.Addr()) {
			return trueValue
		}
	}
	return falseValue
}
