package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// A module whose tests skip (in parallel, with a log line before the
// reason, as a real skip does), pass and fail.
const moduleTests = `package tj

import "testing"

func TestSkip(t *testing.T) {
	t.Parallel()
	t.Skip("prosody not found: apt-get install prosody to run this check")
}

func TestPass(t *testing.T) { t.Parallel() }

func TestFail(t *testing.T) {
	t.Run("sub", func(t *testing.T) { t.Error("boom") })
}
`

// goTestJSON runs the real go test -json on that module.
func goTestJSON(t *testing.T, args ...string) []byte {
	t.Helper()
	dir := t.TempDir()
	goVersion := strings.Join(strings.Split(strings.TrimPrefix(runtime.Version(), "go"), ".")[:2], ".")
	for name, text := range map[string]string{"go.mod": "module tj\n\ngo " + goVersion + "\n", "tj_test.go": moduleTests} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", append([]string{"test", "-json"}, append(args, ".")...)...)
	cmd.Dir = dir
	out, _ := cmd.Output() // fails with the failing test, on purpose
	if !bytes.Contains(out, []byte(`"Action":"skip"`)) {
		t.Fatalf("go test -json gave no skip:\n%s", out)
	}
	return out
}

func summarize(t *testing.T, in []byte, args ...string) (int, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, bytes.NewReader(in), &out, &errOut)
	return code, out.String() + errOut.String()
}

func TestSkipsWithTheirReasonsAndFailuresWithTheirOutput(t *testing.T) {
	code, out := summarize(t, goTestJSON(t))
	t.Log("testsummary printed:\n" + out)
	if code != 1 {
		t.Errorf("exit %d with a failed test, want 1", code)
	}
	for _, want := range []string{
		"--- SKIP: tj TestSkip: tj_test.go:7: prosody not found: apt-get install prosody to run this check\n",
		"--- FAIL: tj TestFail/sub\n    tj_test.go:13: boom\n",
		"--- FAIL: tj TestFail\n",
		"FAIL\ttj\t",
		"1 passed, 2 failed, 1 skipped\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "=== RUN") {
		t.Errorf("the verbose log is printed without -full:\n%s", out)
	}
}

func TestACleanRunExitsZero(t *testing.T) {
	code, out := summarize(t, goTestJSON(t, "-run", "TestSkip|TestPass"))
	if code != 0 || !strings.Contains(out, "ok  \ttj\t") || !strings.HasSuffix(out, "1 passed, 0 failed, 1 skipped\n") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestFullPrintsTheVerboseLogToo(t *testing.T) {
	_, out := summarize(t, goTestJSON(t), "-full")
	for _, want := range []string{"=== RUN   TestPass\n", "--- SKIP: TestSkip (", "--- SKIP: tj TestSkip: "} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}

// What is not an event, such as a message of the go command, is kept;
// a package that does not build fails the summary.
func TestOtherLinesAndBuildFailures(t *testing.T) {
	in := strings.Join([]string{
		"go: downloading example.com/x v1.0.0",
		`{"Action":"build-output","ImportPath":"tj [tj.test]","Output":"./b.go:2:14: syntax error\n"}`,
		`{"Action":"build-fail","ImportPath":"tj [tj.test]"}`,
		`{"Action":"output","Package":"tj","Output":"FAIL\ttj [build failed]\n"}`,
		`{"Action":"fail","Package":"tj"}`,
	}, "\n")
	code, out := summarize(t, []byte(in))
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{"go: downloading example.com/x v1.0.0\n", "./b.go:2:14: syntax error", "FAIL\ttj [build failed]", "0 passed, 0 failed, 0 skipped"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}
