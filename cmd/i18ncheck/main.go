// Command i18ncheck tells a translator what is missing, unused or broken in
// the portal's message files, compared with the reference fr.toml:
//
//	go run ./cmd/i18ncheck            # checks locales/
//	go run ./cmd/i18ncheck -dir DIR   # checks another folder
//
// It exits with status 1 when something needs fixing.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

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
	if err := flags.Parse(args); err != nil {
		return 2
	}
	problems, err := i18n.Check(os.DirFS(*dir))
	if err != nil {
		fmt.Fprintln(stderr, "i18ncheck:", err)
		return 2
	}
	for _, p := range problems {
		fmt.Fprintln(stdout, p)
	}
	switch len(problems) {
	case 0:
	case 1:
		fmt.Fprintln(stdout, "\n1 problem to fix.")
		return 1
	default:
		fmt.Fprintf(stdout, "\n%d problems to fix.\n", len(problems))
		return 1
	}
	fmt.Fprintln(stdout, "All message files match the reference fr.toml.")
	return 0
}
