package config

import "bytes"

// exampleKeys are session keys printed somewhere: a key copied from a
// page, or from this repository's history, is known to everyone who read
// it.
var exampleKeys = map[string]bool{
	// The tests' fixed key until they made theirs at run time.
	"MlefQHuAaQH6UTnlQy9IcyPjLAkh9ZtKrI7GRq15DQI=": true,
}

// notRandom says why a session key is obviously not random, or "". A key
// from `openssl rand -base64 32` passes every check here with
// overwhelming odds; a key someone typed, padded or copied does not. A
// key that passes is not proven random, only not obviously guessable.
func notRandom(encoded string, key []byte) string {
	switch {
	case exampleKeys[encoded]:
		return "is shown in a document or in this repository's history"
	case bytes.Count(key, key[:1]) == len(key):
		return "is one byte repeated"
	case period(key) > 0:
		return "repeats a short pattern"
	case progression(key):
		return "counts up or down by a regular step (such as 00 01 02 … or ff fe fd …)"
	case printable(key):
		// 32 random bytes are all printable ASCII about once in 10^14.
		return "is text (a word or phrase encoded in base64)"
	case distinct(key) < min(16, len(key)/2):
		return "has too few different bytes"
	}
	return ""
}

// period is the length of the shortest block that the key repeats (the
// last repetition may be cut short), when it repeats at least twice; 0
// otherwise.
func period(key []byte) int {
	for p := 1; p <= len(key)/2; p++ {
		if bytes.Equal(key[p:], key[:len(key)-p]) {
			return p
		}
	}
	return 0
}

// progression reports whether the steps from each byte to the next are
// one step repeated or a short pattern of steps: 00 01 02 …, 64 65 66 …,
// 00 02 04 …, ff fe fd …, 00 10 01 11 02 12 …. The steps of 32 random
// bytes repeat with a period of at most 15 about once in 2^128.
func progression(key []byte) bool {
	steps := make([]byte, len(key)-1)
	for i := range steps {
		steps[i] = key[i+1] - key[i]
	}
	return period(steps) > 0
}

func printable(key []byte) bool {
	for _, b := range key {
		if b < 0x20 || b > 0x7e {
			return false
		}
	}
	return true
}

func distinct(key []byte) int {
	var seen [256]bool
	n := 0
	for _, b := range key {
		if !seen[b] {
			seen[b], n = true, n+1
		}
	}
	return n
}
