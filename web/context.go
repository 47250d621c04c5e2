// Package web holds the portal's pages: typed view models, templ
// components, and the rendering that turns them into a response. Handlers
// fill a view model; nothing here talks to BlueMind or reads a request.
package web

import (
	"context"

	"imsetup/internal/i18n"
)

type ctxKey int

const (
	localizerKey ctxKey = iota
	requestIDKey
	baseKey
)

// WithLocalizer returns a context whose pages are written in l's language.
func WithLocalizer(ctx context.Context, l *i18n.Localizer) context.Context {
	return context.WithValue(ctx, localizerKey, l)
}

// LocalizerFrom returns the request's localizer; nil outside a request.
func LocalizerFrom(ctx context.Context) *i18n.Localizer {
	l, _ := ctx.Value(localizerKey).(*i18n.Localizer)
	return l
}

// WithRequestID attaches the id that logs and error pages share.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestID returns the request's id, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
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
