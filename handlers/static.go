package handlers

import (
	"net/http"
)

// staticFiles serves the embedded CSS, script and images. They change only
// with a new build, so browsers may keep them for a day.
func (s *Server) staticFiles() http.Handler {
	files := http.StripPrefix("/static/", http.FileServerFS(s.static))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		files.ServeHTTP(w, r)
	})
}
