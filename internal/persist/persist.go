// Package persist keeps an ecmock server's state in a directory
// (--state-dir): one bbolt file, DIR/ecmock.db, written in one fsynced
// transaction per change set the store commits, so every change a call made
// is on disk before the call's answer leaves, and a kill -9 at any moment
// leaves the file at the last committed change set.
//
// Layout: bucket "meta" (format, gen), "resources" (ID → JSON record),
// "tokens" (idempotency key → JSON response), "notes" (product notes),
// "parts" (name → JSON state of a server part: clock, timing, …).
package persist

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/ecmock/ecmock/internal/store"
)

// FileName is the state file inside the state directory.
const FileName = "ecmock.db"

// GenFileName keeps the generator's position between commits: calls that
// change nothing still draw request IDs. It is rewritten in place, without
// fsync (a killed process loses nothing; after a power loss the position
// falls back to the last commit's).
const GenFileName = "ecmock.gen"

// Format names the layout this ecmock writes and reads. A directory written
// in another format is refused (nothing is overwritten).
const Format = "ecmock-state/1"

var (
	bMeta      = []byte("meta")
	bResources = []byte("resources")
	bTokens    = []byte("tokens")
	bNotes     = []byte("notes")
	bParts     = []byte("parts")
	kFormat    = []byte("format")
	kGen       = []byte("gen")
	buckets    = [][]byte{bMeta, bResources, bTokens, bNotes, bParts}
)

// DB is an open state directory.
type DB struct {
	db   *bolt.DB
	path string
	gen  *os.File
}

// Open opens (or creates) the state in dir and reads it. A file that is not
// an ecmock state file, is damaged, was written in another format or is
// open in another process is refused with an error saying so.
func Open(dir string) (*DB, *store.Saved, error) {
	if dir == "" {
		return nil, nil, errors.New("the state directory is empty")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, fmt.Errorf("state directory %s: %v", dir, err)
	}
	path := filepath.Join(dir, FileName)
	fresh := false
	if fi, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		fresh = true
	} else if err != nil {
		return nil, nil, fmt.Errorf("state file %s: %v", path, err)
	} else if fi.IsDir() {
		return nil, nil, fmt.Errorf("state file %s is a directory", path)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, InitialMmapSize: 256 << 20})
	if err != nil {
		switch {
		case errors.Is(err, bolterrors.ErrTimeout):
			return nil, nil, fmt.Errorf("state file %s is in use by another process (another ecmock serve with the same --state-dir?)", path)
		case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrChecksum), errors.Is(err, bolterrors.ErrVersionMismatch),
			strings.Contains(err.Error(), "invalid"), strings.Contains(err.Error(), "file size too small"):
			return nil, nil, fmt.Errorf("%s is not an ecmock state file or it is damaged (%v); nothing was changed: move it away or use another --state-dir", path, err)
		}
		return nil, nil, fmt.Errorf("opening state file %s: %v", path, err)
	}
	d := &DB{db: db, path: path}
	saved, err := d.load(fresh)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	if d.gen, err = os.OpenFile(filepath.Join(dir, GenFileName), os.O_RDWR|os.O_CREATE, 0o600); err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("state directory %s: %v", dir, err)
	}
	var rec [32]byte
	if n, _ := d.gen.ReadAt(rec[:], 0); n == len(rec) {
		g := store.Generator{Seed: int64(binary.LittleEndian.Uint64(rec[0:])), Draws: int64(binary.LittleEndian.Uint64(rec[8:])),
			Epoch: int64(binary.LittleEndian.Uint64(rec[16:]))}
		if binary.LittleEndian.Uint64(rec[24:]) == genCheck(g) {
			saved.GenMark = &g
		}
	}
	return d, saved, nil
}

func genCheck(g store.Generator) uint64 {
	return uint64(g.Seed)*0x9E3779B97F4A7C15 ^ uint64(g.Draws)*0xC2B2AE3D27D4EB4F ^ uint64(g.Epoch) ^ 0x65636d6f636b
}

// MarkGen keeps the generator's position in GenFileName (store.GenMarker).
func (d *DB) MarkGen(g store.Generator) error {
	var rec [32]byte
	binary.LittleEndian.PutUint64(rec[0:], uint64(g.Seed))
	binary.LittleEndian.PutUint64(rec[8:], uint64(g.Draws))
	binary.LittleEndian.PutUint64(rec[16:], uint64(g.Epoch))
	binary.LittleEndian.PutUint64(rec[24:], genCheck(g))
	_, err := d.gen.WriteAt(rec[:], 0)
	return err
}

// Close closes the files.
func (d *DB) Close() error {
	if d.gen != nil {
		d.gen.Close()
	}
	return d.db.Close()
}

// Path is the state file's path.
func (d *DB) Path() string { return d.path }

func (d *DB) load(fresh bool) (*store.Saved, error) {
	// A new file gets the format and the buckets in its first transaction.
	err := d.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if meta == nil {
			empty := true
			_ = tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
			if !fresh && !empty {
				return fmt.Errorf("%s is a bbolt file but not an ecmock state file (no meta bucket); nothing was changed", d.path)
			}
			for _, b := range buckets {
				if _, err := tx.CreateBucketIfNotExists(b); err != nil {
					return err
				}
			}
			return tx.Bucket(bMeta).Put(kFormat, []byte(Format))
		}
		if got := string(meta.Get(kFormat)); got != Format {
			return fmt.Errorf("%s was written by an incompatible ecmock (format %q; this ecmock reads %q); nothing was changed", d.path, got, Format)
		}
		for _, b := range buckets {
			if tx.Bucket(b) == nil {
				return fmt.Errorf("%s is damaged: bucket %q is missing; nothing was changed", d.path, b)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	saved := &store.Saved{Tokens: map[string][]byte{}, Notes: map[string][]byte{}, Parts: map[string][]byte{}}
	err = d.db.View(func(tx *bolt.Tx) error {
		for cerr := range tx.Check() {
			return fmt.Errorf("%s is damaged (%v); nothing was changed", d.path, cerr)
		}
		copyAll := func(b []byte, into map[string][]byte) error {
			return tx.Bucket(b).ForEach(func(k, v []byte) error {
				into[string(k)] = append([]byte(nil), v...)
				return nil
			})
		}
		if err := tx.Bucket(bResources).ForEach(func(_, v []byte) error {
			saved.Resources = append(saved.Resources, append([]byte(nil), v...))
			return nil
		}); err != nil {
			return err
		}
		for _, p := range []struct {
			b    []byte
			into map[string][]byte
		}{{bTokens, saved.Tokens}, {bNotes, saved.Notes}, {bParts, saved.Parts}} {
			if err := copyAll(p.b, p.into); err != nil {
				return err
			}
		}
		if g := tx.Bucket(bMeta).Get(kGen); g != nil {
			saved.Gen = &store.Generator{}
			if err := json.Unmarshal(g, saved.Gen); err != nil {
				return fmt.Errorf("%s is damaged: the generator position is not readable (%v); nothing was changed", d.path, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// Commit writes one change set in one transaction, synced to disk before it
// returns.
func (d *DB) Commit(c *store.Changes) error {
	return d.db.Update(func(tx *bolt.Tx) error {
		if c.Wipe {
			for _, b := range [][]byte{bResources, bTokens, bNotes} {
				if err := tx.DeleteBucket(b); err != nil {
					return err
				}
				if _, err := tx.CreateBucket(b); err != nil {
					return err
				}
			}
		}
		res := tx.Bucket(bResources)
		ids := make([]string, 0, len(c.Resources))
		for id := range c.Resources {
			ids = append(ids, id)
		}
		sort.Strings(ids) // bbolt inserts in key order cheaply (no memmove per put)
		for _, id := range ids {
			if err := res.Put([]byte(id), c.Resources[id]); err != nil {
				return err
			}
		}
		for _, id := range c.Deleted {
			if err := res.Delete([]byte(id)); err != nil {
				return err
			}
		}
		for _, p := range []struct {
			b []byte
			m map[string][]byte
		}{{bTokens, c.Tokens}, {bNotes, c.Notes}, {bParts, c.Parts}} {
			bk := tx.Bucket(p.b)
			for k, v := range p.m {
				var err error
				if v == nil {
					err = bk.Delete([]byte(k))
				} else {
					err = bk.Put([]byte(k), v)
				}
				if err != nil {
					return err
				}
			}
		}
		g, err := json.Marshal(c.Gen)
		if err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put(kGen, g)
	})
}
