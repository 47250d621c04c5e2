package redisstore

import (
	"context"
	"time"
)

// Revoke marks a session id as logged out until its cookie would have
// expired anyway; Redis then forgets it by itself.
func (s *Store) Revoke(ctx context.Context, id string, until time.Time) error {
	ttl := time.Until(until)
	if ttl <= 0 {
		return nil
	}
	return s.wrap(s.rdb.Set(ctx, s.key("revoked", id), 1, ttl).Err())
}

// Revoked reports whether a session id was logged out, on any instance.
func (s *Store) Revoked(ctx context.Context, id string) (bool, error) {
	n, err := s.rdb.Exists(ctx, s.key("revoked", id)).Result()
	if err := s.wrap(err); err != nil {
		return false, err
	}
	return n > 0, nil
}
