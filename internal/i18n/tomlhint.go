package i18n

import (
	"errors"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
)

// tomlHints turn the TOML parser's messages, written for programmers,
// into what a translator does about them. The first whose words are in
// the parser's message gives the hint.
var tomlHints = []struct{ says, hint string }{
	{"expected a top-level item to end with a newline",
		`A " inside a text ends it. Write \" for each one inside ("un \"mot\""), use your language's quotation marks (« », “ ”, „ “), or put the whole text between ''' and ''' ('''un "mot"''').`},
	{"strings cannot contain newlines",
		`The text's closing " is missing: a text ends on its own line with ". For a text on several lines, put it between """ and """.`},
	{"unexpected EOF; expected",
		`A text opened with three quotes (""" or ''') is never closed: end it with the same three quotes.`},
	{"expected value but found",
		`Put the text between quotes: name = "text".`},
	{"invalid escape in string",
		`A \ starts a special character (\" a quote, \u00A0 a no-break space): write \\ for a backslash itself.`},
	{"has already been defined",
		`The same name appears twice in one section: keep one.`},
	{"expected '.' or '='",
		`Each message is a name, =, then the text in quotes: name = "text". Keep the names as in fr.toml.`},
	{"expected '.' or ']' to end table name",
		`A section line is a name between [ and ], such as [login.error].`},
}

// explainTOML rewrites a TOML syntax error for a translator: the line
// number and the line itself, what the parser said, and what to do. Any
// other error is returned as it is.
func explainTOML(buf []byte, err error) error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	lines := strings.Split(string(buf), "\n")
	n := pe.Position.Line
	switch {
	case strings.Contains(pe.Message, `but got '\n'`):
		n-- // the parser counts the line break in the next line
	case strings.HasPrefix(pe.Message, "unexpected EOF"):
		n = lastTripleQuote(lines, n) // where the text that never closes opens
	}
	line := ""
	if n >= 1 && n <= len(lines) {
		line = strings.TrimSpace(lines[n-1])
	}
	hint := "Compare the line with the same one in fr.toml: only the text between the quotes changes."
	for _, h := range tomlHints {
		if strings.Contains(pe.Message, h.says) {
			hint = h.hint
			break
		}
	}
	return fmt.Errorf("not valid TOML at line %d: %s\n    (%s)\n    %s", n, line, pe.Message, hint)
}

// lastTripleQuote is the number of the last line with three quotes in a row,
// double or single, or n when none has.
func lastTripleQuote(lines []string, n int) int {
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.Contains(lines[i], `"""`) || strings.Contains(lines[i], `'''`) {
			return i + 1
		}
	}
	return n
}
