package config

import (
	"fmt"
	"sort"
	"strings"
)

// Unknown returns one warning per variable of environ (NAME=value lines,
// as os.Environ gives them) that looks like imsetup's but is not in the
// table of variables, naming the closest known one: a misspelled
// IMSETUP_SESION_IDLE would otherwise be ignored without a word.
// Names are compared case-blind, since imsetup_listen is a likely typo
// too (the environment is case-sensitive: it is still ignored).
func Unknown(environ []string) []string {
	var names []string
	seen := map[string]bool{}
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(strings.ToUpper(name), "IMSETUP_") || known(name) || seen[name] {
			continue
		}
		seen[name] = true
		names = append(names, name)
	}
	sort.Strings(names)
	warnings := make([]string, len(names))
	for i, name := range names {
		warnings[i] = fmt.Sprintf("%s is not a variable imsetup reads, so it is ignored: did you mean %s?", name, closest(name))
	}
	return warnings
}

// closest is the known variable with the fewest edits from name, the
// first in the table on a tie.
func closest(name string) string {
	best, bestDist := "", -1
	for _, v := range variables {
		if d := editDistance(strings.ToUpper(name), v.Name); bestDist < 0 || d < bestDist {
			best, bestDist = v.Name, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b: the fewest
// insertions, deletions and substitutions of one byte that turn a into b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
