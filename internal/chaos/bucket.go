package chaos

import (
	"encoding/json"
	"math"
	"time"
)

// bucket is a token bucket refilled on ecmock's clock.
type bucket struct {
	tokens float64
	at     time.Time
}

// burst is a throttle's capacity: Burst, or the rate rounded up (at least 1).
func (t *Throttle) burst() float64 {
	if t.Burst > 0 {
		return float64(t.Burst)
	}
	return math.Max(1, math.Ceil(t.Rate))
}

// take refills the bucket of key up to now and takes a token; false when
// the bucket is empty (the call is throttled).
func (c *compiled) take(key string, t *Throttle, now time.Time) bool {
	b := c.buckets[key]
	if b == nil {
		b = &bucket{tokens: t.burst(), at: now}
		c.buckets[key] = b
	}
	if el := now.Sub(b.at); el > 0 {
		b.tokens = math.Min(t.burst(), b.tokens+el.Seconds()*t.Rate)
		b.at = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true
	}
	return false
}

func marshal(v any) ([]byte, error) { return json.Marshal(v) }
