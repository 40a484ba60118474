package chaos

import (
	"fmt"
	"strings"
)

// FieldError is a mistake in a rule or a scenario, located by file, line and
// field path ("faults[1].do.error").
type FieldError struct {
	File  string
	Line  int
	Field string
	Msg   string
}

func (e *FieldError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	} else if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every mistake found in one rule or scenario; nothing of it was
// applied.
type Errors []*FieldError

func (es Errors) Error() string {
	if len(es) == 1 {
		return es[0].Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d errors:", len(es))
	for _, e := range es {
		b.WriteString("\n  ")
		b.WriteString(e.Error())
	}
	return b.String()
}

// err returns nil for an empty list (so callers can return it as error).
func (es Errors) err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// errAt records an error at a field of a rule, with its line when known.
func (r *Rule) errAt(es *Errors, field, format string, a ...any) {
	full := field
	if r.path != "" {
		if field != "" {
			full = r.path + "." + field
		} else {
			full = r.path
		}
	} else if r.Name != "" {
		if field != "" {
			full = "rule " + r.Name + ": " + field
		} else {
			full = "rule " + r.Name
		}
	}
	line := r.pos[field]
	if line == 0 {
		// the nearest enclosing field with a known line
		for f := field; line == 0 && strings.Contains(f, "."); {
			f = f[:strings.LastIndex(f, ".")]
			line = r.pos[f]
		}
		if line == 0 {
			line = r.pos[""]
		}
	}
	*es = append(*es, &FieldError{File: r.file, Line: line, Field: full, Msg: fmt.Sprintf(format, a...)})
}
