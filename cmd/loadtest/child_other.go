//go:build !linux

package main

import "os/exec"

// ownChild is a no-op where the system cannot tie a child's life to ours.
func ownChild(cmd *exec.Cmd) *exec.Cmd { return cmd }
