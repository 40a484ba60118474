package server

import (
	"bytes"
	"io"
	"os"
)

// spoolMemory is how much of a document a spool keeps in memory before it
// moves it to a temporary file.
var spoolMemory = 4 << 20

// spool collects a document written under the store's lock so that it can
// be sent to a client after the lock is released: the first spoolMemory
// bytes in memory, the rest in an unlinked temporary file (os.TempDir), so
// exporting 100,000 resources costs no more memory than a small one. When no
// temporary file can be made (a read-only file system), it keeps everything
// in memory.
type spool struct {
	mem    bytes.Buffer
	f      *os.File
	n      int64
	noFile bool // making the temporary file failed once: memory only
}

func (s *spool) Write(p []byte) (int, error) {
	s.n += int64(len(p))
	if s.f == nil && !s.noFile && s.mem.Len()+len(p) > spoolMemory {
		s.noFile = true // one try
		if f, err := os.CreateTemp("", "ecmock-export-*"); err == nil {
			os.Remove(f.Name()) // gone when closed, whatever happens
			if _, err := f.Write(s.mem.Bytes()); err == nil {
				s.f, s.noFile = f, false
				s.mem = bytes.Buffer{}
			} else {
				f.Close()
			}
		}
	}
	if s.f != nil {
		return s.f.Write(p)
	}
	return s.mem.Write(p)
}

// Len is the number of bytes written.
func (s *spool) Len() int64 { return s.n }

// WriteTo sends what was written.
func (s *spool) WriteTo(w io.Writer) (int64, error) {
	if s.f == nil {
		return s.mem.WriteTo(w)
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	return io.Copy(w, s.f)
}

// Close releases the temporary file.
func (s *spool) Close() {
	if s.f != nil {
		s.f.Close()
		s.f = nil
	}
}
