package chaos

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"sort"
	"time"
)

// counted is the engine's seeded source, counting its draws so its position
// can be saved (State) and restored (LoadState).
type counted struct {
	src   rand.Source64
	draws *int64
}

func (c counted) Int63() int64    { *c.draws++; return c.src.Int63() }
func (c counted) Uint64() uint64  { *c.draws++; return c.src.Uint64() }
func (c counted) Seed(seed int64) { *c.draws = 0; c.src.Seed(seed) }

// seedRNG restarts the generator from seed (lock held).
func (e *Engine) seedRNG(seed int64) {
	e.rngSeed, e.rngDraws = seed, 0
	e.rng = rand.New(counted{src: rand.NewSource(seed).(rand.Source64), draws: &e.rngDraws})
}

// Version changes whenever the engine's state changes (rules, counters,
// buckets, the generator): a caller that saves the state compares it.
func (e *Engine) Version() int64 { return e.version.Load() }

// engineState is the engine as saved with --state-dir: every rule in the
// scenario format with its counters, the timing transitions, the position
// of the generator.
type engineState struct {
	Seed        int64             `json:"seed"`
	Draws       int64             `json:"draws"`
	Seq         int64             `json:"seq"`
	Rules       []ruleState       `json:"rules"`
	Transitions []json.RawMessage `json:"transitions"`
}

type ruleState struct {
	Rule    json.RawMessage        `json:"rule"`
	Seq     int64                  `json:"seq"`
	Added   time.Time              `json:"added"`
	Matched int64                  `json:"matched"`
	Hits    int64                  `json:"hits"`
	Buckets map[string]bucketState `json:"buckets,omitempty"`
	Shaped  []string               `json:"shaped,omitempty"`
}

type bucketState struct {
	Tokens float64   `json:"tokens"`
	At     time.Time `json:"at"`
}

// State serializes the engine (rules, counters, trigger positions, token
// buckets, the generator's position).
func (e *Engine) State() ([]byte, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	st := engineState{Seed: e.rngSeed, Draws: e.rngDraws, Seq: e.seq, Rules: []ruleState{}, Transitions: []json.RawMessage{}}
	for _, c := range e.rules {
		raw, err := json.Marshal(c.Rule)
		if err != nil {
			return nil, err
		}
		rs := ruleState{Rule: raw, Seq: c.seq, Added: c.added, Matched: c.matched, Hits: c.hits}
		if len(c.buckets) > 0 {
			rs.Buckets = map[string]bucketState{}
			for k, b := range c.buckets {
				rs.Buckets[k] = bucketState{Tokens: b.tokens, At: b.at}
			}
		}
		for k := range c.shaped {
			rs.Shaped = append(rs.Shaped, k)
		}
		sort.Strings(rs.Shaped)
		st.Rules = append(st.Rules, rs)
	}
	for _, t := range e.transitions {
		raw, err := json.Marshal(t)
		if err != nil {
			return nil, err
		}
		st.Transitions = append(st.Transitions, raw)
	}
	return json.Marshal(st)
}

// LoadState replaces the engine's rules and counters with a saved State.
func (e *Engine) LoadState(data []byte) error {
	var st engineState
	if err := json.Unmarshal(data, &st); err != nil {
		return err
	}
	rules := make([]Rule, len(st.Rules))
	for i, rs := range st.Rules {
		r, err := ParseRule(rs.Rule, fmt.Sprintf("saved rule %d", i+1))
		if err != nil {
			return err
		}
		rules[i] = r
	}
	var transitions []Lifecycle
	if len(st.Transitions) > 0 {
		doc, _ := json.Marshal(map[string]any{"name": "saved", "timing": map[string]any{"transitions": st.Transitions}})
		sc, err := ParseScenario(doc, "saved transitions")
		if err != nil {
			return err
		}
		transitions = sc.Transitions
	}
	b, err := e.Prepare(rules, transitions, nil)
	if err != nil {
		return err
	}
	e.mu.Lock()
	e.reset()
	e.mu.Unlock()
	if err := e.Commit(b, nil); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, c := range e.rules {
		rs := st.Rules[i]
		c.seq, c.added, c.matched, c.hits = rs.Seq, rs.Added, rs.Matched, rs.Hits
		for k, bs := range rs.Buckets {
			c.buckets[k] = &bucket{tokens: bs.Tokens, at: bs.At}
		}
		for _, k := range rs.Shaped {
			c.shaped[k] = struct{}{}
		}
	}
	e.seq = st.Seq
	e.seedRNG(st.Seed)
	for i := int64(0); i < st.Draws; i++ {
		e.rng.Int63()
	}
	e.version.Add(1)
	return nil
}
