package handlers

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/go-chi/chi/v5"
)

// staticFile serves one embedded CSS, script or image file. They change
// only with a new build, so browsers may keep them for a day. A folder is
// not a file: it answers 404 rather than a list of what it holds.
func (s *Server) staticFile(w http.ResponseWriter, r *http.Request) error {
	name := chi.URLParam(r, "*")
	if name == "" || strings.HasSuffix(name, "/") || !fs.ValidPath(name) {
		return s.notFound(w, r)
	}
	info, err := fs.Stat(s.static, name)
	if err != nil || info.IsDir() {
		return s.notFound(w, r)
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	http.ServeFileFS(w, r, s.static, path.Clean(name))
	return nil
}
