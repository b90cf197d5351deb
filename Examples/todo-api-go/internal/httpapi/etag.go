package httpapi

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
)

// etagFor is a strong validator: it changes whenever a byte of the
// representation changes.
func etagFor(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// writeWithETag sends body with its ETag, or 304 without a body when the
// client already holds this representation.
func writeWithETag(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	etag := etagFor(body)
	h := w.Header()
	h.Set("ETag", etag)
	// Private: responses depend on the caller's token. no-cache: clients
	// may store them but must revalidate, which the ETag makes cheap.
	h.Set("Cache-Control", "private, no-cache")
	if etagListMatches(r.Header.Get("If-None-Match"), etag, false) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeJSONBytes(w, status, body)
}

// ifMatchFails reports whether the request's If-Match header rules out the
// write, as RFC 9110 section 13.1.1 defines: no header never fails.
func ifMatchFails(r *http.Request, currentETag string) bool {
	header := r.Header.Get("If-Match")
	if header == "" {
		return false
	}
	return !etagListMatches(header, currentETag, true)
}

// etagListMatches compares etag with a comma-separated header value. If-Match
// uses strong comparison (weak tags never match), If-None-Match weak.
func etagListMatches(header, etag string, strong bool) bool {
	if header == "" {
		return false
	}
	for _, candidate := range strings.Split(header, ",") {
		candidate = strings.TrimSpace(candidate)
		if candidate == "*" {
			return true
		}
		if weak, found := strings.CutPrefix(candidate, "W/"); found {
			if strong {
				continue
			}
			candidate = weak
		}
		if candidate == etag {
			return true
		}
	}
	return false
}
