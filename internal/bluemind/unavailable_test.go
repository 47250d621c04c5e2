package bluemind

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"imsetup/internal/bluemind/bluemindtest"
)

// checkUnavailable asserts err is an *UnavailableError of that op and
// status whose message names the cause and leaks no secret.
func checkUnavailable(t *testing.T, err error, op string, status int, reason string, secrets ...string) *UnavailableError {
	t.Helper()
	var ue *UnavailableError
	if !errors.As(err, &ue) {
		t.Fatalf("err = %T %v, want *UnavailableError", err, err)
	}
	if !errors.Is(err, ErrUnavailable) {
		t.Error("errors.Is(err, ErrUnavailable) is false")
	}
	if errors.Is(err, ErrBadCredentials) || errors.Is(err, ErrPasswordExpired) {
		t.Error("an unavailable BlueMind passes for a user's mistake")
	}
	if ue.Op != op || ue.Status != status || !strings.Contains(err.Error(), reason) {
		t.Errorf("err = %q (op %q, status %d), want op %q, status %d, mentioning %q", err, ue.Op, ue.Status, op, status, reason)
	}
	mustNotLeak(t, err.Error(), secrets...)
	return ue
}

func TestEmulatorFailures(t *testing.T) {
	tests := []struct {
		failure bluemindtest.Failure
		status  int
		reason  string
	}{
		{bluemindtest.FailureDown500, 500, `BlueMind error "UNKNOWN"`},
		{bluemindtest.FailureHTML, 502, "from a proxy?"},
		{bluemindtest.FailureGarbage, 200, "malformed JSON"},
		{bluemindtest.FailureSlow, 0, "timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			c, s := emulated(t, bluemindtest.Options{}, Options{DefaultDomain: "example.com", Timeout: 200 * time.Millisecond})
			s.SetFailure(tt.failure)
			start := time.Now()
			id, err := c.Authenticate(context.Background(), "psmith", demo)
			checkUnavailable(t, err, "login", tt.status, tt.reason, demo)
			if !reflect.DeepEqual(id, Identity{}) {
				t.Errorf("identity %+v along with an error", id)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %s with a 200ms timeout", d)
			}
			if s.ActiveSessions() != 0 {
				t.Error("a session was left open")
			}
		})
	}
}

func TestTimeoutIsDeadlineExceeded(t *testing.T) {
	c, s := emulated(t, bluemindtest.Options{}, Options{DefaultDomain: "example.com", Timeout: 100 * time.Millisecond})
	s.SetFailure(bluemindtest.FailureSlow)
	_, err := c.Authenticate(context.Background(), "psmith", demo)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want it to match context.DeadlineExceeded", err)
	}
	checkUnavailable(t, err, "login", 0, "no answer within 100ms")
}

// Given the names the administrator sets, the causes name them.
func TestCausesNameTheAdministratorsSettings(t *testing.T) {
	names := Names{BaseURL: "IMSETUP_BLUEMIND_URL", CAFile: "IMSETUP_BLUEMIND_CA_FILE", Timeout: "IMSETUP_BLUEMIND_TIMEOUT"}
	ts := httptest.NewServer(http.NotFoundHandler())
	ts.Close() // a port where nothing listens
	refused, err := New(Options{BaseURL: ts.URL, DefaultDomain: "example.com", Names: names})
	if err != nil {
		t.Fatal(err)
	}
	_, err = refused.Infos(context.Background())
	checkUnavailable(t, err, "infos", 0, "are the host and port of IMSETUP_BLUEMIND_URL right?")

	slow, s2 := emulated(t, bluemindtest.Options{}, Options{DefaultDomain: "example.com", Timeout: 300 * time.Millisecond, Names: names})
	s2.SetFailure(bluemindtest.FailureSlow)
	_, err = slow.Authenticate(context.Background(), "psmith", demo)
	checkUnavailable(t, err, "login", 0, "no answer within 300ms (BlueMind overloaded or down? raise IMSETUP_BLUEMIND_TIMEOUT?)")
}

func TestSlowButInTimeSucceeds(t *testing.T) {
	c, s := emulated(t, bluemindtest.Options{SlowDelay: 50 * time.Millisecond}, Options{DefaultDomain: "example.com", Timeout: 5 * time.Second})
	s.SetFailure(bluemindtest.FailureSlow)
	if _, err := c.Authenticate(context.Background(), "psmith", demo); err != nil {
		t.Errorf("err = %v", err)
	}
}

func TestContextCancellation(t *testing.T) {
	c, s := emulated(t, bluemindtest.Options{}, Options{DefaultDomain: "example.com"})

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Authenticate(ctx, "psmith", demo)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("already cancelled: err = %v, want context.Canceled", err)
	}
	checkUnavailable(t, err, "login", 0, "abandoned by the caller")

	s.SetFailure(bluemindtest.FailureSlow)
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err = c.Authenticate(ctx, "psmith", demo)
	if !errors.Is(err, context.Canceled) || time.Since(start) > 2*time.Second {
		t.Errorf("cancelled while waiting: err = %v after %s", err, time.Since(start))
	}
}

func TestConnectionRefused(t *testing.T) {
	ts := httptest.NewServer(http.NotFoundHandler())
	ts.Close()
	c, err := New(Options{BaseURL: ts.URL, DefaultDomain: "example.com"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Authenticate(context.Background(), "psmith", demo)
	checkUnavailable(t, err, "login", 0, "connection refused", demo)
}

// TestOddAnswers plays servers that are not quite BlueMind.
func TestOddAnswers(t *testing.T) {
	const key = "0f1e2d3c-secret-key"
	tests := []struct {
		name, contentType, body string
		status                  int
		reason                  string
	}{
		{"HTML with status 200", "text/html; charset=utf-8", "<html><body>Sign in</body></html>", 200, "HTML page"},
		{"HTML without a type", "", "  <!DOCTYPE html><p>hi", 200, "HTML page"},
		{"redirect", "", "", 302, "redirected to"},
		{"404 fault without type", "", `{"errorCode":"NOT_FOUND","errorType":"ServerFault","message":"nope"}`, 404, `"NOT_FOUND"`},
		{"503 empty", "", "", 503, "empty body"},
		{"empty 200", "application/json", "", 200, "malformed JSON"},
		{"null", "application/json", "null", 200, `unknown login status ""`},
		{"unknown status", "application/json", `{"status":"Maybe","authKey":null}`, 200, `"Maybe"`},
		{"Ok without authUser", "application/json", `{"status":"Ok","authKey":"` + key + `","latd":"a@b"}`, 200, "without authUser"},
		{"Expired without latd", "application/json", `{"status":"Expired","authKey":"` + key + `","authUser":{}}`, 200, "without authUser or latd"},
		{"wrong types", "application/json", `{"status":"Ok","authKey":42}`, 200, "malformed JSON"},
		{"trailing garbage", "application/json", `{"status":"Bad"} {}`, 200, "malformed JSON"},
		{"huge", "application/json", `{"status":"Ok","x":"` + strings.Repeat("a", maxBody) + `"}`, 200, "larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logouts []string
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/api/auth/logout" {
					logouts = append(logouts, r.Header.Get("X-BM-ApiKey"))
					return
				}
				if tt.contentType != "" {
					w.Header().Set("Content-Type", tt.contentType)
				} else {
					w.Header()["Content-Type"] = nil
				}
				if tt.status == 302 {
					w.Header().Set("Location", "https://sso.example.com/login?service=x")
				}
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			})
			log := &syncBuffer{}
			c := client(t, h, Options{DefaultDomain: "example.com", Logger: slogTo(log)})
			c.http.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
			_, err := c.Authenticate(context.Background(), "psmith", demo)
			checkUnavailable(t, err, "login", tt.status, tt.reason, demo, key)
			if strings.Contains(tt.body, key) && (len(logouts) != 1 || logouts[0] != key) {
				t.Errorf("logouts %q: a key BlueMind issued must be logged out", logouts)
			}
			mustNotLeak(t, log.String(), demo, key)
		})
	}
}
