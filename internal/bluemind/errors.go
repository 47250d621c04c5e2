package bluemind

import (
	"errors"
	"fmt"
	"strings"
)

// The outcomes a user can act on. They are returned as they are, so
// errors.Is and == both work.
var (
	// ErrBadCredentials covers everything BlueMind answers "Bad" for: wrong
	// password, unknown user or domain, archived user, brute-force lock-out.
	// BlueMind does not say which, on purpose, and neither do we.
	ErrBadCredentials = errors.New("bluemind: bad login or password")
	// ErrPasswordExpired means the password is right but must be changed
	// in BlueMind before the user can go on.
	ErrPasswordExpired = errors.New("bluemind: password expired")
	// ErrUnavailable matches every *UnavailableError with errors.Is, for
	// callers that only need to know that BlueMind could not answer.
	ErrUnavailable = errors.New("bluemind: unavailable")
)

// UnavailableError says why BlueMind could not give an answer. Its
// message is for administrators' logs: it names the cause (status code,
// content type, timeout, refused connection) and never holds a password
// or a session key.
type UnavailableError struct {
	Op     string // "login", "logout" or "infos"
	Status int    // HTTP status when there was an answer, else 0
	Reason string // what went wrong, in words an administrator can act on
	Err    error  // the underlying error, if any
}

func (e *UnavailableError) Error() string {
	var b strings.Builder
	b.WriteString("bluemind ")
	b.WriteString(e.Op)
	b.WriteString(": ")
	if e.Status != 0 {
		fmt.Fprintf(&b, "HTTP %d: ", e.Status)
	}
	b.WriteString(e.Reason)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap gives the cause, so errors.Is(err, context.DeadlineExceeded)
// and the like keep working.
func (e *UnavailableError) Unwrap() error { return e.Err }

// Is makes every UnavailableError match ErrUnavailable.
func (e *UnavailableError) Is(target error) bool { return target == ErrUnavailable }
