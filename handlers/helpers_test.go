package handlers

import (
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/PuerkitoBio/goquery"

	"imsetup/internal/config"
)

type goqSel = goquery.Selection

type time_ = time.Time

const second = time.Second

func roleMode(s string) config.RoleMode { return config.RoleMode(s) }

func serve(h http.Handler, method, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec
}
