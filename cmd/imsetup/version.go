package main

import (
	"runtime/debug"
	"strings"
)

// buildVersion is what the Go toolchain recorded about this build, so an
// administrator can tell which one is installed.
type buildVersion struct {
	Module   string // a tag, a pseudo-version (v0.0.0-date-revision) or "(devel)"
	Revision string // the VCS commit, "" when none was recorded
	Time     string // the commit's date
	Modified bool   // built from a tree with uncommitted changes
	Go       string
}

func readVersion() buildVersion {
	bi, ok := debug.ReadBuildInfo()
	return versionFrom(bi, ok)
}

// versionFrom reads the build information, which go run, -buildvcs=false
// and builds outside a git clone leave without a revision.
func versionFrom(bi *debug.BuildInfo, ok bool) buildVersion {
	v := buildVersion{Module: "(devel)"}
	if !ok || bi == nil {
		return v
	}
	if bi.Main.Version != "" {
		v.Module = bi.Main.Version
	}
	v.Go = bi.GoVersion
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

// String reads "imsetup v0.0.0-20260101120000-0123456789ab (revision
// 0123456789ab…, 2026-01-01T12:00:00Z, with uncommitted changes; go1.26.8)".
func (v buildVersion) String() string {
	var details []string
	if v.Revision == "" {
		details = append(details, "no VCS revision recorded: built with go run, -buildvcs=false or outside a git clone")
	} else {
		details = append(details, "revision "+v.Revision)
		if v.Time != "" {
			details = append(details, v.Time)
		}
		if v.Modified {
			details = append(details, "with uncommitted changes")
		}
	}
	s := "imsetup " + v.Module + " (" + strings.Join(details, ", ")
	if v.Go != "" {
		s += "; " + v.Go
	}
	return s + ")"
}

// logAttrs are the version's fields for the start-up log line.
func (v buildVersion) logAttrs() []any {
	rev := v.Revision
	if rev == "" {
		rev = "unknown"
	} else if v.Modified {
		rev += "+modified"
	}
	return []any{"version", v.Module, "revision", rev}
}
