package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// A tree is a root file system whose Debian packages' catalogs are read:
// the installed system ("/"), or the packages of another suite unpacked
// with dpkg-deb -x by .ci/fetch-client-trees, or a debootstrap root. It is
// read through an fs.FS so that a tree's absolute symlinks can never lead
// to the running system's files: os.Root refuses to leave the tree.
type tree struct {
	Name string // "the installed system" or the tree's directory, for messages
	FS   fs.FS
}

// systemTree is the machine labelgen runs on (Debian 12).
func systemTree() tree { return tree{Name: "the installed system", FS: os.DirFS("/")} }

// errNoTree says a suite's tree has not been fetched.
var errNoTree = errors.New("no unpacked tree")

// openTree opens DIR/<suite>. The caller closes the returned root.
func openTree(dir, suite string) (tree, *os.Root, error) {
	path := filepath.Join(dir, suite)
	if _, err := os.Stat(filepath.Join(path, dpkgStatus)); err != nil {
		return tree{}, nil, fmt.Errorf("%s: %w for %s (run: .ci/fetch-client-trees %s)", path, errNoTree, suite, dir)
	}
	root, err := os.OpenRoot(path)
	if err != nil {
		return tree{}, nil, err
	}
	return tree{Name: path, FS: root.FS()}, root, nil
}

// dpkgStatus is dpkg's database of installed packages, relative to a root.
// .ci/fetch-client-trees writes one into each tree with the control fields
// of the packages it unpacked, so a tree tells its versions as dpkg does.
const dpkgStatus = "var/lib/dpkg/status"

// version returns a package's version from the tree's dpkg status. Only a
// package whose files are on disk counts (not one removed but configured).
func (t tree) version(pkg string) (string, error) {
	data, err := fs.ReadFile(t.FS, dpkgStatus)
	if err != nil {
		return "", fmt.Errorf("%s: %w", t.Name, err)
	}
	for _, stanza := range bytes.Split(data, []byte("\n\n")) {
		f := controlFields(stanza)
		if f["Package"] != pkg {
			continue
		}
		state := f["Status"]
		if strings.HasSuffix(state, " installed") || strings.HasSuffix(state, " unpacked") {
			return f["Version"], nil
		}
	}
	return "", fmt.Errorf("%s: package %s is not installed", t.Name, pkg)
}

// controlFields reads the single-line fields of one deb822 stanza.
func controlFields(stanza []byte) map[string]string {
	f := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(stanza))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == ' ' || line[0] == '\t' {
			continue
		}
		if k, v, ok := strings.Cut(line, ":"); ok {
			f[k] = strings.TrimSpace(v)
		}
	}
	return f
}
