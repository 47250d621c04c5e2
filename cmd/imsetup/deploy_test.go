package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"imsetup/internal/config"
)

// The systemd unit of deploy/systemd passes systemd-analyze verify, and
// its sandbox scores "OK" or better in systemd-analyze security (offline:
// this needs no running systemd).
func TestSystemdUnit(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze not found: install Debian's systemd package to check deploy/systemd/imsetup.service")
	}
	unit, err := os.ReadFile(filepath.Join(repoRoot(t), "deploy/systemd/imsetup.service"))
	if err != nil {
		t.Fatal(err)
	}
	// verify wants ExecStart to exist: point it at the binary these tests built.
	if !strings.Contains(string(unit), "ExecStart=/usr/local/bin/imsetup serve\n") {
		t.Fatal("the unit's ExecStart is not /usr/local/bin/imsetup serve")
	}
	path := filepath.Join(t.TempDir(), "imsetup.service")
	if err := os.WriteFile(path, []byte(strings.Replace(string(unit), "/usr/local/bin/imsetup", binary, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(analyze, "verify", path).CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
	out, err := exec.Command(analyze, "security", "--offline=true", "--threshold=20", path).CombinedOutput()
	if err != nil {
		t.Fatalf("systemd-analyze security: %v\n%s", err, out)
	}
	// Exposure 0.0 (best) to 10.0; systemd calls up to 1.9 "OK" and below 1 "SAFE".
	if !strings.Contains(string(out), "Overall exposure level for imsetup.service: 1.") && !strings.Contains(string(out), "level for imsetup.service: 0.") {
		t.Errorf("the unit's sandbox scores worse than OK:\n%s", out[max(0, len(out)-300):])
	}
	for _, must := range []string{"DynamicUser=yes", "ProtectSystem=strict", "NoNewPrivileges=yes", "CapabilityBoundingSet=\n", "RestrictAddressFamilies=", "SystemCallFilter=@system-service", "EnvironmentFile=/etc/imsetup/imsetup.env", fmt.Sprintf("RestartPreventExitStatus=%d\n", exitConfig)} {
		if !strings.Contains(string(unit), must) {
			t.Errorf("the unit lacks %q", must)
		}
	}
}

// The example settings file starts the portal once a real key is in it:
// an administrator who copies it only fills in the key.
func TestEnvironmentFileExample(t *testing.T) {
	f, err := os.Open(filepath.Join(repoRoot(t), "deploy/systemd/imsetup.env.example"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	env := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || !strings.HasPrefix(k, "IMSETUP_") {
			t.Fatalf("not KEY=VALUE: %q", line)
		}
		env[k] = strings.Trim(v, `"`)
	}
	if c, err := config.Load(func(k string) string { return env[k] }); err == nil {
		t.Fatalf("the example's placeholder key was accepted: %v", c.SessionKeys)
	}
	env["IMSETUP_SESSION_KEYS"] = randomKey(t)
	c, err := config.Load(func(k string) string { return env[k] })
	if err = errors.Join(err, c.Validate(config.ModeServe)); err != nil {
		t.Errorf("the example does not start: %v", err)
	}
	if c.PublicPath() != "/im/" || c.Listen != "127.0.0.1:8080" || len(c.TrustedProxies) != 1 {
		t.Errorf("the example is not the /im/ deployment of docs/admin.md: %+v", c)
	}
}
