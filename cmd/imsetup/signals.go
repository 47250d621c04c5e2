package main

import (
	"os"
	"os/signal"
	"syscall"
)

// stopSignals are the signals on which serve and demo stop cleanly: they
// let requests in flight finish, write every log line and exit 0.
// SIGHUP is one of them: imsetup has nothing to reload, and a closed
// terminal or an administrator's `kill -HUP` (the "reload" reflex) used to
// end it at once, without its last log lines. A signal ignored when
// imsetup starts stays ignored: SIGHUP under nohup, SIGINT in a shell
// script's background job. (signal.Notify would catch it again.)
func stopSignals() []os.Signal {
	var sigs []os.Signal
	for _, s := range []os.Signal{syscall.SIGTERM, os.Interrupt, syscall.SIGHUP} {
		if !signal.Ignored(s) {
			sigs = append(sigs, s)
		}
	}
	return sigs
}
