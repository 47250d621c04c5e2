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
	"os"

	"imsetup/internal/i18n"
)

func main() {
	dir := flag.String("dir", "locales", "folder of the message files")
	flag.Parse()
	problems, err := i18n.Check(os.DirFS(*dir))
	if err != nil {
		fmt.Fprintln(os.Stderr, "i18ncheck:", err)
		os.Exit(2)
	}
	for _, p := range problems {
		fmt.Println(p)
	}
	if len(problems) > 0 {
		fmt.Printf("\n%d problem(s) to fix.\n", len(problems))
		os.Exit(1)
	}
	fmt.Println("All message files match the reference fr.toml.")
}
