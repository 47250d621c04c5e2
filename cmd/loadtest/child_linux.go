package main

import (
	"os/exec"
	"syscall"
)

// ownChild makes a server this command starts end with it, even when it
// is killed or its output is cut (a `| head`): no portal, bare server or
// nginx is left running.
func ownChild(cmd *exec.Cmd) *exec.Cmd {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	return cmd
}
