package config

import (
	"bytes"
	"encoding/base64"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// base64Token is a run of base64 long enough to hold a session key (32
// bytes are 43 characters), standing alone.
var base64Token = regexp.MustCompile(`(^|[^A-Za-z0-9+/])([A-Za-z0-9+/]{43,}={0,2})`)

// Any key a file of the repository shows, a document or a test, is known
// to everyone who read it: the portal must refuse to start with it. A key
// in a test is made at run time; a document names the command that makes
// one, or shows a key the check refuses.
func TestNoFileShowsAUsableSessionKey(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("no repository at %s: %v", root, err)
	}
	checked := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") && name != ".ci" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if info, err := d.Info(); err != nil || !info.Mode().IsRegular() || info.Size() > 4<<20 {
			return err
		}
		text, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.IndexByte(text, 0) >= 0 || d.Name() == "go.sum" {
			return nil // a binary (an image, a font, a built program), or the modules' hashes
		}
		checked++
		for _, m := range base64Token.FindAllSubmatch(text, -1) {
			token := string(m[2])
			if !looksLikeAKey(token) {
				continue
			}
			if _, err := ParseSessionKeys(token); err == nil {
				rel, _ := filepath.Rel(root, path)
				t.Errorf("%s shows %s, a session key the portal would start with: make it at run time (a test) or show `openssl rand -base64 32` instead (a document)", rel, token)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Errorf("only %d files read under %s: is this the repository?", checked, root)
	}
}

// looksLikeAKey: mixed case and digits, as base64 of random bytes almost
// always is; this leaves out identifiers (TestSomethingLong) and hex
// (fingerprints, commit ids), which nobody would paste as a key.
func looksLikeAKey(token string) bool {
	has := func(chars string) bool { return strings.ContainsAny(token, chars) }
	if !has("ABCDEFGHIJKLMNOPQRSTUVWXYZ") || !has("abcdefghijklmnopqrstuvwxyz") || !has("0123456789") {
		return false
	}
	_, err := base64.StdEncoding.DecodeString(token)
	if err != nil {
		_, err = base64.RawStdEncoding.DecodeString(token)
	}
	return err == nil
}
