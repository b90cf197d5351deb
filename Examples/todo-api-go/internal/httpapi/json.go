package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
)

const jsonContentType = "application/json; charset=utf-8"

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	writeJSONBytes(w, status, mustMarshal(v))
}

// mustMarshal encodes v without HTML escaping, which only matters inside
// HTML and would turn every & of a link into \u0026. Encoding cannot fail
// for the types handlers pass (no channels, funcs or cycles); if a
// programming error makes it fail, the recover middleware answers 500.
func mustMarshal(v any) []byte {
	var buf bytes.Buffer
	encoder := json.NewEncoder(&buf)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(v); err != nil {
		panic(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func writeJSONBytes(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", jsonContentType)
	w.WriteHeader(status)
	w.Write(body)
	w.Write([]byte("\n"))
}

// jsonObject is a decoded request body whose fields are still raw. Keeping
// them raw lets handlers tell a missing field from an explicit null, which
// PATCH needs, and report a wrongly typed field by name.
type jsonObject map[string]json.RawMessage

// decodeJSONObject reads a JSON object from the request body: 415 for another
// content type, 413 past MAX_BODY_BYTES, 400 when it is not one JSON object.
// Unknown fields are kept but never read, which is how they are ignored.
func decodeJSONObject(r *http.Request) (jsonObject, error) {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/json" {
		return nil, errUnsupportedMediaType()
	}

	decoder := json.NewDecoder(r.Body)
	var raw json.RawMessage
	if err := decoder.Decode(&raw); err != nil {
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &tooLarge):
			return nil, errPayloadTooLarge()
		case errors.Is(err, io.EOF):
			return nil, errBadRequest("Request body must not be empty")
		default:
			return nil, errBadRequest("Request body is not valid JSON")
		}
	}
	if _, err := decoder.Token(); !errors.Is(err, io.EOF) {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, errPayloadTooLarge()
		}
		return nil, errBadRequest("Request body must contain a single JSON value")
	}

	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, errBadRequest("Request body must be a JSON object")
	}
	var object jsonObject
	if err := json.Unmarshal(trimmed, &object); err != nil {
		return nil, errBadRequest("Request body is not valid JSON")
	}
	return object, nil
}

// field is one value read from a jsonObject.
type field[T any] struct {
	Value   T
	Present bool // the key was in the object
	Null    bool // its value was null
	Invalid bool // its value had the wrong type; already reported
}

// isSet reports whether the field holds a usable value.
func (f field[T]) isSet() bool { return f.Present && !f.Null && !f.Invalid }

// readField decodes o[name] as a T, reporting a wrong type to v under name.
func readField[T any](o jsonObject, v *validator, name, typeName string) field[T] {
	raw, ok := o[name]
	if !ok {
		return field[T]{}
	}
	if string(bytes.TrimSpace(raw)) == "null" {
		return field[T]{Present: true, Null: true}
	}
	var value T
	if err := json.Unmarshal(raw, &value); err != nil {
		v.add(name, "must be "+typeName)
		return field[T]{Present: true, Invalid: true}
	}
	return field[T]{Value: value, Present: true}
}

// readString also refuses NUL characters: PostgreSQL cannot store them and
// SQLite's length() stops at them, so they would fail deep in the database
// instead of here, with a 422.
func readString(o jsonObject, v *validator, name string) field[string] {
	f := readField[string](o, v, name, "a string")
	if f.isSet() && strings.ContainsRune(f.Value, 0) {
		v.add(name, "must not contain NUL characters")
		f.Invalid = true
	}
	return f
}

// contractWhitespace is what the contract trims from text fields (titles,
// names, emails): the same four characters in every stack, so "at most 200
// characters after trimming" means one thing whichever stack answers.
const contractWhitespace = " \t\n\r"

func trimText(s string) string { return strings.Trim(s, contractWhitespace) }

func readBool(o jsonObject, v *validator, name string) field[bool] {
	return readField[bool](o, v, name, "a boolean")
}

// validator collects every problem of a request, so the client can fix them
// all from one 422 response.
type validator struct {
	problems []fieldError
}

func (v *validator) add(field, message string) {
	v.problems = append(v.problems, fieldError{Field: field, Message: message})
}

// check records message for field when ok is false.
func (v *validator) check(ok bool, field, message string) {
	if !ok {
		v.add(field, message)
	}
}

// err is nil when nothing was reported, a 422 otherwise.
func (v *validator) err() error {
	if len(v.problems) == 0 {
		return nil
	}
	return errValidation(v.problems)
}
