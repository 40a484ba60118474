package server

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/ecmock/ecmock/internal/api"
)

// appendJSON writes v as encoding/json would (keys sorted, HTML not escaped)
// for the plain values handlers return — maps, slices, strings, booleans,
// integers — without reflection; anything else goes through encoding/json.
// The front door spends most of a Describe here, so it matters.
func appendJSON(buf *bytes.Buffer, v any) error {
	switch t := v.(type) {
	case nil:
		buf.WriteString("null")
	case string:
		appendJSONString(buf, t)
	case bool:
		buf.WriteString(strconv.FormatBool(t))
	case int:
		buf.WriteString(strconv.Itoa(t))
	case int64:
		buf.WriteString(strconv.FormatInt(t, 10))
	case int32:
		buf.WriteString(strconv.FormatInt(int64(t), 10))
	case map[string]any:
		var arr [40]string // most objects fit: no allocation for the keys
		keys := arr[:0]
		for k := range t {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		buf.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			appendJSONString(buf, k)
			buf.WriteByte(':')
			if err := appendJSON(buf, t[k]); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	case *api.Fields:
		return appendJSON(buf, *t)
	case api.Fields: // sorted already
		buf.WriteByte('{')
		for i, f := range t {
			if i > 0 {
				buf.WriteByte(',')
			}
			appendJSONString(buf, f.Key)
			buf.WriteByte(':')
			if err := appendJSON(buf, f.Value); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	case map[string]string:
		m := make(map[string]any, len(t))
		for k, s := range t {
			m[k] = s
		}
		return appendJSON(buf, m)
	case []any:
		buf.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := appendJSON(buf, e); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case []map[string]any:
		if t == nil {
			buf.WriteString("null")
			return nil
		}
		buf.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := appendJSON(buf, e); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case []string:
		if t == nil {
			buf.WriteString("null")
			return nil
		}
		buf.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				buf.WriteByte(',')
			}
			appendJSONString(buf, e)
		}
		buf.WriteByte(']')
	default:
		var tmp bytes.Buffer
		enc := json.NewEncoder(&tmp)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return err
		}
		buf.Write(bytes.TrimRight(tmp.Bytes(), "\n"))
	}
	return nil
}

// appendJSONString quotes s; strings needing escapes take encoding/json's path.
func appendJSONString(buf *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			b, _ := json.Marshal(s)
			// json.Marshal escapes <, >, &; the encoder we mirror does not.
			b = bytes.ReplaceAll(b, []byte(`\u003c`), []byte("<"))
			b = bytes.ReplaceAll(b, []byte(`\u003e`), []byte(">"))
			b = bytes.ReplaceAll(b, []byte(`\u0026`), []byte("&"))
			buf.Write(b)
			return
		}
	}
	buf.WriteByte('"')
	buf.WriteString(s)
	buf.WriteByte('"')
}
