// Package web holds the portal's pages: typed view models, templ
// components, and the rendering that turns them into a response. Handlers
// fill a view model; nothing here talks to BlueMind or reads a request.
package web

import (
	"context"

	"imsetup/internal/i18n"
)

type ctxKey int

const requestKey ctxKey = iota

// Request is what the pages read of the request they answer: its id,
// the portal's base and its language. The first middleware puts one in
// the request's context, and the next ones fill it in as the request
// goes down the chain: one context value per request, where one per
// value would cost each request a context and a copy of the request
// apiece. Nothing writes to it once the handler runs.
type Request struct {
	ID        string
	Base      Base
	Localizer *i18n.Localizer
}

// WithRequest returns a context whose pages read r.
func WithRequest(ctx context.Context, r *Request) context.Context {
	return context.WithValue(ctx, requestKey, r)
}

// RequestKey is the context key under which a context holds its
// *Request: for a context type of its own that answers it (the handlers'
// one context per request), rather than WithRequest's.
var RequestKey any = requestKey

// RequestOf returns the request's Request, or nil outside one.
func RequestOf(ctx context.Context) *Request {
	r, _ := ctx.Value(requestKey).(*Request)
	return r
}

// with returns a context with a copy of ctx's Request changed by set.
func with(ctx context.Context, set func(*Request)) context.Context {
	var r Request
	if p := RequestOf(ctx); p != nil {
		r = *p
	}
	set(&r)
	return WithRequest(ctx, &r)
}

// WithLocalizer returns a context whose pages are written in l's language.
func WithLocalizer(ctx context.Context, l *i18n.Localizer) context.Context {
	return with(ctx, func(r *Request) { r.Localizer = l })
}

// LocalizerFrom returns the request's localizer; nil outside a request.
func LocalizerFrom(ctx context.Context) *i18n.Localizer {
	if r := RequestOf(ctx); r != nil {
		return r.Localizer
	}
	return nil
}

// RequestID returns the request's id, or "".
func RequestID(ctx context.Context) string {
	if r := RequestOf(ctx); r != nil {
		return r.ID
	}
	return ""
}

// T translates a message in the request's language.
func T(ctx context.Context, id string) string {
	return TData(ctx, id, nil)
}

// TData translates a message with placeholders.
func TData(ctx context.Context, id string, data map[string]any) string {
	l := LocalizerFrom(ctx)
	if l == nil {
		return id
	}
	return l.T(id, data)
}

// Lang returns the request's language code, for <html lang>.
func Lang(ctx context.Context) string {
	if l := LocalizerFrom(ctx); l != nil {
		return l.Lang.Tag.String()
	}
	return i18n.Reference
}

// TCount translates a message with plural forms, chosen by count with the
// language's CLDR rules.
func TCount(ctx context.Context, id string, count int, data map[string]any) string {
	l := LocalizerFrom(ctx)
	if l == nil {
		return id
	}
	return l.N(id, count, data)
}
