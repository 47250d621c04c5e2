package handlers

import (
	"bytes"
	"io"
	"net/http"

	"imsetup/internal/stencil"
	"imsetup/web"
)

// loginState is what the login form shows besides its frame: what was
// typed (the stencil's holes) and what went wrong (its key).
type loginState struct {
	Login   string // echoed back; the password never is
	Next    string // local path to return to; "" for none
	Problem *problem
	// Field is the input the problem is about ("login", "password"); ""
	// for the whole form.
	Field string
}

// problem explains a failed login. It is comparable, so that the login
// form's stencil key can hold it.
type problem struct {
	Msg         string // message id
	Count       int    // for a message with plural forms, its {{.Count}}
	Link        string // a page that helps (BlueMind, to change the password)
	LinkText    string // message id
	Contact     string // the message's {{.Contact}}, when WithContact
	WithContact bool
}

func (p *problem) view() *web.Problem {
	v := &web.Problem{Msg: p.Msg, Count: p.Count, Link: p.Link, LinkText: p.LinkText}
	if p.WithContact {
		v.Data = map[string]any{"Contact": p.Contact}
	}
	return v
}

// loginKey is everything the login form shows but what the visitor
// typed and their name.
type loginKey struct {
	frame      frameKey
	problem    problem
	hasProblem bool
	field      string
	next       bool // the form carries a "next" field
}

// renderLogin answers with the login form.
func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, st *loginState) error {
	k := loginKey{frame: frameOf(r), field: st.Field, next: st.Next != ""}
	if st.Problem != nil {
		k.problem, k.hasProblem = *st.Problem, true
	}
	h := s.personal(r)
	h[holeLogin] = stencil.Hole{Value: st.Login, Want: 1}
	if k.next {
		h[holeNext] = stencil.Hole{Value: st.Next, Want: 1}
	}
	noStore(w)
	return web.Write(w, status, func(buf *bytes.Buffer) error { return s.logins.Write(buf, k, h[:]) })
}

// renderLoginForm writes the login form from its key and the values.
func (s *Server) renderLoginForm(w io.Writer, k loginKey, v []string) error {
	ctx := k.frame.context()
	page := &web.LoginPage{Layout: s.frame(ctx, k.frame, "login.title", v), Login: v[holeLogin], Field: k.field}
	if k.next {
		page.Next = v[holeNext]
	}
	if k.hasProblem {
		page.Problem = k.problem.view()
	}
	return web.LoginView(page).Render(ctx, w)
}
