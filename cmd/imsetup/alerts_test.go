package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The example alert rules of docs/admin.md are deploy/prometheus's, word
// for word, and promtool both checks them and runs their unit tests
// (each alert fires when it should and not before).
func TestAlertRules(t *testing.T) {
	root := repoRoot(t)
	dir := filepath.Join(root, "deploy/prometheus")
	rules, err := os.ReadFile(filepath.Join(dir, "imsetup-alerts.yml"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(filepath.Join(root, "docs/admin.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "```yaml\n"+string(rules)+"```\n") {
		t.Error("docs/admin.md does not give deploy/prometheus/imsetup-alerts.yml as it is")
	}
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		t.Skip("promtool not found: install Debian's prometheus package (apt-get install --no-install-recommends prometheus) to check the alert rules")
	}
	for _, args := range [][]string{{"check", "rules", "imsetup-alerts.yml"}, {"test", "rules", "imsetup-alerts.test.yml"}} {
		cmd := exec.Command(promtool, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}
