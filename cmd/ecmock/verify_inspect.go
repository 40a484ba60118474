package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// pactInfo is what `ecmock verify` reads of a local pact file before the
// verifier runs: whom it is between, how many interactions it has, the
// access keys its requests carry and ecmock settings in its metadata.
type pactInfo struct {
	path               string
	consumer, provider string
	interactions       int
	keys               map[string]bool
	// metadata.ecmock.accessKeyId / accessKeySecret
	metaKey, metaSecret string
}

// readPact reads path as a pact file; an error says why it is not one.
func readPact(path string) (*pactInfo, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Consumer *struct {
			Name string `json:"name"`
		} `json:"consumer"`
		Provider *struct {
			Name string `json:"name"`
		} `json:"provider"`
		Interactions []struct {
			Request struct {
				Query   json.RawMessage `json:"query"`
				Headers map[string]any  `json:"headers"`
				Body    json.RawMessage `json:"body"`
			} `json:"request"`
		} `json:"interactions"`
		Messages []json.RawMessage `json:"messages"`
		Metadata struct {
			Ecmock struct {
				AccessKeyID     string `json:"accessKeyId"`
				AccessKeySecret string `json:"accessKeySecret"`
			} `json:"ecmock"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s is not a pact file: not a JSON object (%v)", path, err)
	}
	if doc.Consumer == nil || doc.Provider == nil || (doc.Interactions == nil && doc.Messages == nil) {
		return nil, fmt.Errorf("%s is not a pact file: a pact has consumer, provider and interactions", path)
	}
	info := &pactInfo{path: path, consumer: doc.Consumer.Name, provider: doc.Provider.Name,
		interactions: len(doc.Interactions) + len(doc.Messages), keys: map[string]bool{},
		metaKey: doc.Metadata.Ecmock.AccessKeyID, metaSecret: doc.Metadata.Ecmock.AccessKeySecret}
	for _, it := range doc.Interactions {
		for _, k := range accessKeys(it.Request.Query, it.Request.Body, it.Request.Headers) {
			info.keys[k] = true
		}
	}
	return info, nil
}

// accessKeys finds the AccessKeyId a recorded request carries: in its query
// (V2 string or V3/V4 map), a form body, or a V3 signature's Credential.
func accessKeys(query, body json.RawMessage, headers map[string]any) []string {
	var out []string
	var qs string
	var qm map[string]any
	switch {
	case json.Unmarshal(query, &qs) == nil:
		if v, err := url.ParseQuery(qs); err == nil {
			out = append(out, v["AccessKeyId"]...)
		}
	case json.Unmarshal(query, &qm) == nil:
		switch v := qm["AccessKeyId"].(type) {
		case string:
			out = append(out, v)
		case []any:
			for _, x := range v {
				if s, ok := x.(string); ok {
					out = append(out, s)
				}
			}
		}
	}
	var bs string
	if json.Unmarshal(body, &bs) == nil {
		if v, err := url.ParseQuery(bs); err == nil {
			out = append(out, v["AccessKeyId"]...)
		}
	} else {
		var bm struct {
			Content string `json:"content"`
		}
		if json.Unmarshal(body, &bm) == nil && bm.Content != "" {
			if v, err := url.ParseQuery(bm.Content); err == nil {
				out = append(out, v["AccessKeyId"]...)
			}
		}
	}
	for k, v := range headers {
		if !strings.EqualFold(k, "Authorization") {
			continue
		}
		s := fmt.Sprint(v)
		if _, rest, ok := strings.Cut(s, "Credential="); ok {
			out = append(out, strings.TrimRight(strings.SplitN(rest, ",", 2)[0], "]"))
		}
	}
	return out
}

// localPacts reads the --pact files and directories (not URLs): the pacts
// the verifier will verify for f.provider and f.consumers. It refuses what
// would verify nothing: a file that is not a pact, a pact of another
// provider or consumer, a directory without one; warn gets what is skipped.
func (f *verifyFlags) localPacts(warn io.Writer) ([]*pactInfo, error) {
	var out []*pactInfo
	wantConsumer := func(p *pactInfo) bool {
		if len(f.consumers) == 0 {
			return true
		}
		for _, c := range f.consumers {
			if c == p.consumer {
				return true
			}
		}
		return false
	}
	for _, src := range f.pacts {
		if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
			continue
		}
		fi, err := os.Stat(src)
		if err != nil {
			return nil, fmt.Errorf("--pact %s: %v", src, err)
		}
		if !fi.IsDir() {
			p, err := readPact(src)
			if err != nil {
				return nil, err
			}
			switch {
			case p.provider != f.provider:
				return nil, fmt.Errorf("%s is a pact for provider %q, not %q: verify it with --provider %q", src, p.provider, f.provider, p.provider)
			case !wantConsumer(p):
				return nil, fmt.Errorf("%s is a pact of consumer %q, which --consumer leaves out", src, p.consumer)
			case p.interactions == 0:
				return nil, fmt.Errorf("%s has no interactions: there is nothing to verify", src)
			}
			out = append(out, p)
			continue
		}
		files, _ := filepath.Glob(filepath.Join(src, "*.json"))
		sort.Strings(files)
		var found int
		var skipped []string
		for _, file := range files {
			p, err := readPact(file)
			switch {
			case err != nil:
				skipped = append(skipped, err.Error())
			case p.provider != f.provider:
				skipped = append(skipped, fmt.Sprintf("%s is a pact for provider %q", file, p.provider))
			case !wantConsumer(p):
				skipped = append(skipped, fmt.Sprintf("%s is a pact of consumer %q (--consumer)", file, p.consumer))
			default:
				found++
				out = append(out, p)
			}
		}
		if found == 0 {
			why := "it has no *.json files"
			if len(skipped) > 0 {
				why = strings.Join(skipped, "; ")
			}
			return nil, fmt.Errorf("--pact %s: no pact for provider %q in this directory (%s)", src, f.provider, why)
		}
		for _, s := range skipped {
			fmt.Fprintf(warn, "ecmock verify: skipping %s\n", s)
		}
	}
	return out, nil
}

// pactsAccount is the account the pacts' requests use, and its secret:
// metadata.ecmock first, else the one access key every request carries.
func pactsAccount(pacts []*pactInfo) (key, secret, why string) {
	keys := map[string]bool{}
	for _, p := range pacts {
		if p.metaKey != "" {
			return p.metaKey, p.metaSecret, "metadata.ecmock.accessKeyId of " + p.path
		}
		for k := range p.keys {
			keys[k] = true
		}
	}
	if len(keys) == 1 {
		for k := range keys {
			return k, "", "the access key every request of the pacts carries"
		}
	}
	return "", "", ""
}
