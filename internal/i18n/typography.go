package i18n

import (
	"fmt"
	"regexp"
	"strings"
)

// frenchBreakable finds a breakable space where French typography puts a
// no-break one: before : ; ? ! and », and after «. A plain space there
// lets the browser end a line just before the colon ("…ainsi" / ": "),
// as was seen on the Thunderbird guide.
var frenchBreakable = regexp.MustCompile(`[ \t\n]([:;?!»])|(«)[ \t\n]`)

// frenchSpacing returns what to fix in one French text: each punctuation
// mark that follows (or, for «, precedes) a breakable space.
func frenchSpacing(text string) []string {
	var out []string
	for _, m := range frenchBreakable.FindAllStringSubmatch(text, -1) {
		mark := m[1] + m[2]
		switch mark {
		case ":", "»":
			out = append(out, fmt.Sprintf("a plain space before %q lets a line break there: type a no-break space (U+00A0) instead", mark))
		case "«":
			out = append(out, `a plain space after "«" lets a line break there: type a no-break space (U+00A0) instead`)
		default:
			out = append(out, fmt.Sprintf("a plain space before %q lets a line break there: type a narrow no-break space (U+202F) instead", mark))
		}
	}
	return out
}

// isFrench reports whether a message file is French (fr.toml, fr-CA.toml...).
func isFrench(code string) bool {
	base, _, _ := strings.Cut(strings.ToLower(code), "-")
	return base == "fr"
}
