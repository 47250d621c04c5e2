package web

import (
	"context"
	"strings"

	"github.com/a-h/templ"
)

// Base is the path under which browsers reach the portal: "/" when it has
// a host of its own, "/im/" when IMSETUP_PUBLIC_URL is
// https://mail.example.com/im/ behind BlueMind's nginx. Every link, form
// action, asset, redirect and cookie path is built from it, so the portal
// can live under any prefix without a page knowing which.
type Base string

// RootBase is a portal at the root of its host.
const RootBase Base = "/"

// NewBase makes the base from a URL path such as "", "/im" or "/im/".
func NewBase(path string) Base {
	path = strings.Trim(path, "/")
	if path == "" {
		return RootBase
	}
	return Base("/" + path + "/")
}

// URL turns a portal path ("/guides/gajim", "/static/css/imsetup.css",
// "/login?next=%2F") into the path the browser uses
// ("/im/guides/gajim"). local must start with "/".
func (b Base) URL(local string) string {
	if b == "" || b == RootBase {
		return local
	}
	return string(b) + strings.TrimPrefix(local, "/")
}

// Local is the opposite of URL: the portal path of a browser path under
// the base, such as "/guides/gajim" for "/im/guides/gajim" (and "/" for
// "/im"). A path outside the base comes back unchanged with false: a
// proxy that strips the prefix sends the portal paths themselves.
func (b Base) Local(path string) (string, bool) {
	if b == "" || b == RootBase {
		return path, false
	}
	prefix := strings.TrimSuffix(string(b), "/")
	rest, ok := strings.CutPrefix(path, prefix)
	switch {
	case !ok:
		return path, false
	case rest == "":
		return "/", true
	case rest[0] == '/':
		return rest, true
	}
	return path, false // "/imx" is not under "/im/"
}

// WithBase gives the request's pages their base.
func WithBase(ctx context.Context, b Base) context.Context {
	return with(ctx, func(r *Request) { r.Base = b })
}

// BaseFrom returns the request's base; "/" outside a request.
func BaseFrom(ctx context.Context) Base {
	if r := RequestOf(ctx); r != nil && r.Base != "" {
		return r.Base
	}
	return RootBase
}

// URL is the browser path of a portal path, for templates:
// href={ URL(ctx, "/guides/gajim") }. Its argument is a path the portal
// builds itself, or one checked like a login's "next": a local path,
// which stays one under the base, so it is safe as a URL.
func URL(ctx context.Context, local string) templ.SafeURL {
	return templ.SafeURL(BaseFrom(ctx).URL(local))
}
