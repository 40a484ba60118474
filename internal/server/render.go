package server

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"sync"

	"github.com/ecmock/ecmock/internal/api"
)

// renderJSON encodes a response object. Map keys come out sorted, so a seeded
// run gives the same bytes.
func renderJSON(v map[string]any) []byte {
	b, release := renderJSONPooled(v)
	defer release()
	return bytes.Clone(b)
}

// renderJSONPooled is renderJSON into a pooled buffer: the bytes are valid
// until release is called.
func renderJSONPooled(v map[string]any) (body []byte, release func()) {
	bp := jsonBufs.Get().(*[]byte)
	b, err := appendJSON((*bp)[:0], v)
	if err != nil {
		// Only unsupported Go values can fail; handlers return plain data.
		b = append(b[:0], `{"Code":"InternalError","Message":"response could not be encoded"}`...)
	}
	*bp = b
	return b, func() {
		if cap(*bp) <= 1<<20 { // an outsized answer's buffer is not kept
			jsonBufs.Put(bp)
		}
	}
}

// jsonBufs are render buffers kept between calls (a Describe answer grows
// one to a few KiB; keeping them saves the growth on every call).
var jsonBufs = sync.Pool{New: func() any { b := make([]byte, 0, 8192); return &b }}

// renderXML encodes a response object under <root>: keys sorted, a list
// becomes repeated elements named by its key, like the real XML responses
// (<PhysicalConnectionSet><PhysicalConnectionType>…</PhysicalConnectionType>…).
func renderXML(root string, v map[string]any) []byte {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	writeXMLElem(&buf, root, v)
	return buf.Bytes()
}

func writeXMLElem(buf *bytes.Buffer, name string, v any) {
	if p, ok := v.(*api.Fields); ok {
		v = *p
	}
	if f, ok := v.(api.Fields); ok { // an object whose keys are sorted already
		buf.WriteByte('<')
		buf.WriteString(name)
		buf.WriteByte('>')
		for _, x := range f {
			writeXMLElem(buf, x.Key, x.Value)
		}
		buf.WriteString("</")
		buf.WriteString(name)
		buf.WriteByte('>')
		return
	}
	rv := reflect.ValueOf(v)
	if v != nil && (rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array) && rv.Type().Elem().Kind() != reflect.Uint8 {
		for i := 0; i < rv.Len(); i++ {
			writeXMLElem(buf, name, rv.Index(i).Interface())
		}
		return
	}
	buf.WriteByte('<')
	buf.WriteString(name)
	buf.WriteByte('>')
	switch t := v.(type) {
	case nil:
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			writeXMLElem(buf, k, t[k])
		}
	case map[string]string:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			writeXMLElem(buf, k, t[k])
		}
	case string:
		xml.EscapeText(buf, []byte(t))
	case bool:
		buf.WriteString(strconv.FormatBool(t))
	case float64:
		buf.WriteString(strconv.FormatFloat(t, 'f', -1, 64))
	default:
		if rv.Kind() == reflect.Map || rv.Kind() == reflect.Struct {
			// Typed values: go through JSON to get their field names.
			b, _ := json.Marshal(v)
			var m map[string]any
			if json.Unmarshal(b, &m) == nil {
				buf.Truncate(buf.Len() - len(name) - 2)
				writeXMLElem(buf, name, m)
				return
			}
		}
		xml.EscapeText(buf, []byte(fmt.Sprint(v)))
	}
	buf.WriteString("</")
	buf.WriteString(name)
	buf.WriteByte('>')
}
