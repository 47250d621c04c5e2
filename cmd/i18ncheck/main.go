// Command i18ncheck tells a translator what is missing, unused or broken in
// the portal's message files, compared with the reference fr.toml:
//
//	go run ./cmd/i18ncheck            # checks locales/
//	go run ./cmd/i18ncheck -same      # also lists the messages still as in fr.toml or en.toml
//	go run ./cmd/i18ncheck -dir DIR   # checks another folder
//
// It exits with status 1 when something needs fixing. It also says, per
// file, how many messages are still word for word as in fr.toml or
// en.toml, the files a translation starts from: not a problem (a name
// may rightly read the same), but what is likely left to translate.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"imsetup/internal/i18n"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run checks the folder the arguments name and returns the exit status:
// 0 when every file matches the reference, 1 when a translator has
// something to fix, 2 when the check itself could not run.
func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("i18ncheck", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dir := flags.String("dir", "locales", "folder of the message files")
	listSame := flags.Bool("same", false, "list the ids of the messages still word for word as in fr.toml or en.toml")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	fsys := os.DirFS(*dir)
	problems, err := i18n.Check(fsys)
	if err != nil {
		fmt.Fprintln(stderr, "i18ncheck:", err)
		return 2
	}
	same, err := i18n.SameAsSources(fsys)
	if err != nil {
		fmt.Fprintln(stderr, "i18ncheck:", err)
		return 2
	}
	for _, p := range problems {
		fmt.Fprintln(stdout, p)
	}
	if len(problems) > 0 && len(same) > 0 {
		fmt.Fprintln(stdout)
	}
	printSame(stdout, same, *listSame)
	if len(problems) > 0 || len(same) > 0 {
		fmt.Fprintln(stdout)
	}
	switch len(problems) {
	case 0:
		fmt.Fprintln(stdout, "All message files match the reference fr.toml: the same keys, placeholders and plural forms.")
		return 0
	case 1:
		fmt.Fprintln(stdout, "1 problem to fix.")
	default:
		fmt.Fprintf(stdout, "%d problems to fix.\n", len(problems))
	}
	return 1
}

// printSame tells, per file, how many messages still read as in the
// files a translation starts from, and with -same which ones.
func printSame(w io.Writer, same []i18n.Same, list bool) {
	if len(same) == 0 {
		return
	}
	fmt.Fprintln(w, "Messages still word for word as in the files a translation starts from (not translated")
	fmt.Fprint(w, "yet? a name or a number may rightly read the same")
	if !list {
		fmt.Fprint(w, "; -same lists them")
	}
	fmt.Fprintln(w, "):")
	for i := 0; i < len(same); {
		file, of := same[i].File, same[i].Of
		var parts []string
		for ; i < len(same) && same[i].File == file; i++ {
			parts = append(parts, fmt.Sprintf("%d as in %s", len(same[i].IDs), same[i].As))
		}
		fmt.Fprintf(w, "  %s: %d messages, %s\n", file, of, strings.Join(parts, ", "))
	}
	if list {
		for _, s := range same {
			fmt.Fprintf(w, "\n%s, as in %s:\n", s.File, s.As)
			for _, id := range s.IDs {
				fmt.Fprintln(w, "  "+id)
			}
		}
	}
}
