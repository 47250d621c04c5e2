//go:build unix

package main

import (
	"os"
	"os/signal"
	"syscall"
)

// flushOnQuit keeps what SIGQUIT is for, Go's dump of every goroutine on
// standard error and exit status 2, and writes the log's waiting lines
// before it: they used to be lost with the process (12 of 300 request
// lines written). The dump is Go's own, taken a moment later: SIGQUIT is
// caught, the log flushed (later lines go straight out), Go's handling
// of SIGQUIT restored and the signal sent again. stop gives SIGQUIT back
// to Go at once.
func flushOnQuit(logw *logWriter) (stop func()) {
	quit := make(chan os.Signal, 1)
	signal.Notify(quit, syscall.SIGQUIT)
	done := make(chan struct{})
	go func() {
		select {
		case <-quit:
			_ = logw.Close()
			signal.Reset(syscall.SIGQUIT)
			_ = syscall.Kill(os.Getpid(), syscall.SIGQUIT)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(quit)
		close(done)
	}
}
