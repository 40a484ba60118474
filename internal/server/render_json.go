package server

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/ecmock/ecmock/internal/api"
)

// appendJSON appends v as encoding/json would write it (keys sorted, HTML
// not escaped) for the plain values handlers return — maps, api.Fields,
// slices, strings, booleans, integers — without reflection; anything else
// goes through encoding/json. The front door spends most of a Describe here,
// so it matters.
func appendJSON(b []byte, v any) ([]byte, error) {
	var err error
	switch t := v.(type) {
	case nil:
		b = append(b, "null"...)
	case string:
		b = appendJSONString(b, t)
	case bool:
		b = strconv.AppendBool(b, t)
	case int:
		b = strconv.AppendInt(b, int64(t), 10)
	case int64:
		b = strconv.AppendInt(b, t, 10)
	case int32:
		b = strconv.AppendInt(b, int64(t), 10)
	case map[string]any:
		var arr [40]string // most objects fit: no allocation for the keys
		keys := arr[:0]
		for k := range t {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, k)
			b = append(b, ':')
			if b, err = appendJSON(b, t[k]); err != nil {
				return b, err
			}
		}
		b = append(b, '}')
	case *api.Fields:
		return appendJSON(b, *t)
	case api.Fields: // sorted already
		b = append(b, '{')
		for i, f := range t {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, f.Key)
			b = append(b, ':')
			if b, err = appendJSON(b, f.Value); err != nil {
				return b, err
			}
		}
		b = append(b, '}')
	case map[string]string:
		m := make(map[string]any, len(t))
		for k, s := range t {
			m[k] = s
		}
		return appendJSON(b, m)
	case []any:
		b = append(b, '[')
		for i, e := range t {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendJSON(b, e); err != nil {
				return b, err
			}
		}
		b = append(b, ']')
	case []map[string]any:
		if t == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, e := range t {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendJSON(b, e); err != nil {
				return b, err
			}
		}
		b = append(b, ']')
	case []string:
		if t == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, e := range t {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, e)
		}
		b = append(b, ']')
	default:
		var tmp bytes.Buffer
		enc := json.NewEncoder(&tmp)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return b, err
		}
		b = append(b, bytes.TrimRight(tmp.Bytes(), "\n")...)
	}
	return b, nil
}

// plainJSON marks the bytes a JSON string carries as they are.
var plainJSON = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendJSONString quotes s; strings needing escapes take encoding/json's path.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if !plainJSON[s[i]] {
			// the encoder we mirror (HTML not escaped); never a replace
			// after the fact, which would break a literal \u003c
			var q bytes.Buffer
			enc := json.NewEncoder(&q)
			enc.SetEscapeHTML(false)
			_ = enc.Encode(s)
			return append(b, bytes.TrimRight(q.Bytes(), "\n")...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
