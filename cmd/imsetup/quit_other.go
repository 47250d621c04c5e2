//go:build !unix

package main

// flushOnQuit does nothing where there is no SIGQUIT.
func flushOnQuit(*logWriter) (stop func()) { return func() {} }
