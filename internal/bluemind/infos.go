package bluemind

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// infosTTL: _infos changes only on an upgrade or a configuration change,
// so logins need not ask each time.
const infosTTL = 5 * time.Minute

// Infos is the answer of GET /api/system/installation/_infos, which
// needs no key.
type Infos struct {
	DefaultDomain   string `json:"defaultDomain"` // "" when BlueMind has none
	SoftwareVersion string `json:"softwareVersion"`
	ReleaseName     string `json:"releaseName"`
}

// HasIMRole reports whether a BlueMind of this version (_infos'
// softwareVersion) grants the "hasIM" role: 4.x and older do; 5.x has
// neither the role nor an XMPP server of its own. An unknown version
// counts as 4.x, the default.
func HasIMRole(version string) bool {
	major, _, _ := strings.Cut(version, ".")
	n, err := strconv.Atoi(major)
	return err != nil || n < 5
}

// Infos returns BlueMind's installation facts, from a cache of a few
// minutes. Failures are not cached: the next call asks again.
func (c *Client) Infos(ctx context.Context) (Infos, error) {
	if in, ok := c.cachedInfos(); ok {
		return in, nil
	}
	return c.Ping(ctx)
}

// Ping asks _infos now, whatever the cache holds, and refreshes the cache:
// whether BlueMind answers at this moment, for the readiness check.
func (c *Client) Ping(ctx context.Context) (Infos, error) {
	a, err := c.call(ctx, c.timeout, "infos", http.MethodGet, "/api/system/installation/_infos", nil, nil, nil)
	if err != nil {
		return Infos{}, err
	}
	var in Infos
	if err := json.Unmarshal(a.body, &in); err != nil {
		return Infos{}, &UnavailableError{Op: "infos", Status: a.status, Reason: "malformed JSON (Content-Type " + quoteShort(a.contentType) + ")", Err: err}
	}
	c.mu.Lock()
	c.infos, c.seen = in, c.now()
	c.mu.Unlock()
	return in, nil
}

func (c *Client) cachedInfos() (Infos, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen.IsZero() || c.now().Sub(c.seen) >= infosTTL {
		return Infos{}, false
	}
	return c.infos, true
}
