//go:build pact

package main

/*
#cgo LDFLAGS: -lpact_ffi
#include <stdlib.h>

typedef struct VerifierHandle VerifierHandle;

VerifierHandle *pactffi_verifier_new_for_application(const char *name, const char *version);
void pactffi_verifier_shutdown(VerifierHandle *handle);
void pactffi_verifier_set_provider_info(VerifierHandle *handle, const char *name, const char *scheme,
	const char *host, unsigned short port, const char *path);
void pactffi_verifier_set_filter_info(VerifierHandle *handle, const char *filter_description,
	const char *filter_state, unsigned char filter_no_state);
void pactffi_verifier_set_provider_state(VerifierHandle *handle, const char *url, unsigned char teardown,
	unsigned char body);
int pactffi_verifier_set_verification_options(VerifierHandle *handle, unsigned char disable_ssl_verification,
	unsigned long request_timeout);
int pactffi_verifier_set_coloured_output(VerifierHandle *handle, unsigned char coloured_output);
int pactffi_verifier_set_no_pacts_is_error(VerifierHandle *handle, unsigned char is_error);
int pactffi_verifier_set_publish_options(VerifierHandle *handle, const char *provider_version,
	const char *build_url, const char *const *provider_tags, unsigned short provider_tags_len,
	const char *provider_branch);
void pactffi_verifier_set_consumer_filters(VerifierHandle *handle, const char *const *consumer_filters,
	unsigned short consumer_filters_len);
void pactffi_verifier_add_file_source(VerifierHandle *handle, const char *file);
void pactffi_verifier_add_directory_source(VerifierHandle *handle, const char *directory);
void pactffi_verifier_url_source(VerifierHandle *handle, const char *url, const char *username,
	const char *password, const char *token);
void pactffi_verifier_broker_source_with_selectors(VerifierHandle *handle, const char *url,
	const char *username, const char *password, const char *token, unsigned char enable_pending,
	const char *include_wip_pacts_since, const char *const *provider_tags, unsigned short provider_tags_len,
	const char *provider_branch, const char *const *consumer_version_selectors,
	unsigned short consumer_version_selectors_len, const char *const *consumer_version_tags,
	unsigned short consumer_version_tags_len);
int pactffi_verifier_execute(VerifierHandle *handle);
const char *pactffi_verifier_output(const VerifierHandle *handle, unsigned char strip_ansi);
const char *pactffi_verifier_json(const VerifierHandle *handle);
const char *pactffi_version(void);
void pactffi_string_delete(char *string);
*/
import "C"

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"unsafe"
)

// pactBuild reports that this binary links libpact_ffi.
const pactBuild = true

// errNoPact is never returned by this build.
var errNoPact = errors.New("unreachable: this ecmock links libpact_ffi")

// pactLibVersion is the linked libpact_ffi's version.
func pactLibVersion() string { return C.GoString(C.pactffi_version()) }

// cstrings holds C strings until free.
type cstrings []*C.char

func (cs *cstrings) str(s string) *C.char {
	if s == "" {
		return nil
	}
	p := C.CString(s)
	*cs = append(*cs, p)
	return p
}

// array makes a C array of C strings (nil when empty); it is freed with cs.
func (cs *cstrings) array(list []string) (**C.char, C.ushort) {
	if len(list) == 0 {
		return nil, 0
	}
	size := C.size_t(len(list)) * C.size_t(unsafe.Sizeof(uintptr(0)))
	arr := (*[1 << 20]*C.char)(C.malloc(size))[:len(list):len(list)]
	for i, s := range list {
		arr[i] = C.CString(s)
		*cs = append(*cs, arr[i])
	}
	*cs = append(*cs, (*C.char)(unsafe.Pointer(&arr[0])))
	return &arr[0], C.ushort(len(list))
}

func (cs cstrings) free() {
	for _, p := range cs {
		C.free(unsafe.Pointer(p))
	}
}

func bool8(b bool) C.uchar {
	if b {
		return 1
	}
	return 0
}

// verifyPacts runs libpact_ffi's verifier against r.providerURL with
// provider states sent to r.stateURL (setup and teardown, in the body). The
// verifier prints its report of each interaction to standard output.
func verifyPacts(r verifyRun) (*verifyResult, error) {
	var cs cstrings
	defer cs.free()
	pu, err := url.Parse(r.providerURL)
	if err != nil {
		return nil, err
	}
	port, err := strconv.Atoi(pu.Port())
	if err != nil {
		return nil, fmt.Errorf("provider URL %s has no port", r.providerURL)
	}
	h := C.pactffi_verifier_new_for_application(cs.str("ecmock"), cs.str(verifierVersion))
	if h == nil {
		return nil, errors.New("libpact_ffi could not create a verifier")
	}
	defer C.pactffi_verifier_shutdown(h)
	f := r.flags
	C.pactffi_verifier_set_provider_info(h, cs.str(f.provider), cs.str("http"), cs.str(pu.Hostname()), C.ushort(port), cs.str("/"))
	if f.filterDescription != "" || f.filterState != "" || f.filterNoState {
		C.pactffi_verifier_set_filter_info(h, cs.str(f.filterDescription), cs.str(f.filterState), bool8(f.filterNoState))
	}
	C.pactffi_verifier_set_provider_state(h, cs.str(r.stateURL), 1, 1)
	C.pactffi_verifier_set_verification_options(h, 0, C.ulong(f.requestTimeout.Milliseconds()))
	C.pactffi_verifier_set_coloured_output(h, 0)
	C.pactffi_verifier_set_no_pacts_is_error(h, 1)
	if len(f.consumers) > 0 {
		arr, n := cs.array(f.consumers)
		C.pactffi_verifier_set_consumer_filters(h, arr, n)
	}
	if f.publish {
		tags, n := cs.array(f.providerTags)
		C.pactffi_verifier_set_publish_options(h, cs.str(f.providerVersion), cs.str(f.buildURL), tags, n, cs.str(f.providerBranch))
	}
	for _, src := range f.pacts {
		switch {
		case strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://"):
			C.pactffi_verifier_url_source(h, cs.str(src), cs.str(f.brokerUser), cs.str(f.brokerPassword), cs.str(f.brokerToken))
		default:
			fi, err := os.Stat(src)
			if err != nil {
				return nil, err
			}
			if fi.IsDir() {
				C.pactffi_verifier_add_directory_source(h, cs.str(src))
			} else {
				C.pactffi_verifier_add_file_source(h, cs.str(src))
			}
		}
	}
	if f.brokerURL != "" {
		ptags, np := cs.array(f.providerTags)
		sels, ns := cs.array(f.selectors)
		ctags, nc := cs.array(f.consumerTags)
		C.pactffi_verifier_broker_source_with_selectors(h, cs.str(f.brokerURL), cs.str(f.brokerUser),
			cs.str(f.brokerPassword), cs.str(f.brokerToken), bool8(f.enablePending), cs.str(f.includeWIPSince),
			ptags, np, cs.str(f.providerBranch), sels, ns, ctags, nc)
	}
	rc := int(C.pactffi_verifier_execute(h))
	res := &verifyResult{code: rc}
	if p := C.pactffi_verifier_output(h, 1); p != nil {
		res.output = C.GoString(p)
		C.pactffi_string_delete((*C.char)(unsafe.Pointer(p)))
	}
	if p := C.pactffi_verifier_json(h); p != nil {
		res.json = []byte(C.GoString(p))
		C.pactffi_string_delete((*C.char)(unsafe.Pointer(p)))
	}
	return res, nil
}
