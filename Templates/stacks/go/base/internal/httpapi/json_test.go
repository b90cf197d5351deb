package httpapi

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func decodeStatus(t *testing.T, contentType, body string, limit int64) int {
	t.Helper()
	r := httptest.NewRequest("POST", "/", strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, limit)
	_, err := decodeJSONObject(r)
	if err == nil {
		return http.StatusOK
	}
	var apiErr *apiError
	if !errors.As(err, &apiErr) {
		t.Fatalf("decode error %v is not an apiError", err)
	}
	return apiErr.Status
}

func TestDecodeJSONObject(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, contentType, body string
		want                    int
	}{
		{"object", "application/json", `{"a": 1}`, 200},
		{"charset parameter", "application/json; charset=utf-8", `{}`, 200},
		{"trailing whitespace", "application/json", "{}\n ", 200},
		{"no content type", "", `{}`, 415},
		{"text", "text/plain", `{}`, 415},
		{"empty", "application/json", ``, 400},
		{"malformed", "application/json", `{"a":`, 400},
		{"array", "application/json", `[1]`, 400},
		{"null", "application/json", `null`, 400},
		{"two values", "application/json", `{}{}`, 400},
		{"too large", "application/json", `{"a": "` + strings.Repeat("x", 100) + `"}`, 413},
	}
	for _, tc := range tests {
		if got := decodeStatus(t, tc.contentType, tc.body, 64); got != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestReadFieldDistinguishesAbsentNullAndWrongType(t *testing.T) {
	t.Parallel()
	object := jsonObject{"null": []byte("null"), "number": []byte("3"), "text": []byte(`"hi"`)}
	var v validator
	if f := readString(object, &v, "missing"); f.Present {
		t.Error("absent field reported present")
	}
	if f := readString(object, &v, "null"); !f.Null || f.isSet() {
		t.Error("null not reported as null")
	}
	if f := readString(object, &v, "text"); !f.isSet() || f.Value != "hi" {
		t.Error("string not read")
	}
	if f := readString(object, &v, "number"); !f.Invalid {
		t.Error("number read as a string")
	}
	if len(v.problems) != 1 || v.problems[0].Field != "number" {
		t.Errorf("problems %v", v.problems)
	}
}
