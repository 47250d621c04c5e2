package throttle

import "container/list"

// lru is a map bounded by evicting the least recently used entry.
type lru[V any] struct {
	max   int
	order *list.List // front: most recent; values are *lruItem[V]
	items map[string]*list.Element
}

type lruItem[V any] struct {
	key string
	val V
}

func newLRU[V any](max int) *lru[V] {
	return &lru[V]{max: max, order: list.New(), items: map[string]*list.Element{}}
}

// peek returns the entry without making it recent, or nil.
func (c *lru[V]) peek(key string) *V {
	if e, ok := c.items[key]; ok {
		return &e.Value.(*lruItem[V]).val
	}
	return nil
}

// getOrAdd returns the entry, made most recent, adding a zero one (and
// evicting the oldest) when it is missing.
func (c *lru[V]) getOrAdd(key string) *V {
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		return &e.Value.(*lruItem[V]).val
	}
	if c.order.Len() >= c.max {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.items, oldest.Value.(*lruItem[V]).key)
	}
	e := c.order.PushFront(&lruItem[V]{key: key})
	c.items[key] = e
	return &e.Value.(*lruItem[V]).val
}

func (c *lru[V]) remove(key string) {
	if e, ok := c.items[key]; ok {
		c.order.Remove(e)
		delete(c.items, key)
	}
}

func (c *lru[V]) len() int { return c.order.Len() }
