// Package api carries the OpenAPI document of the service, embedded so the
// running binary serves exactly the contract it was built with.
package api

import _ "embed"

// OpenAPI is the OpenAPI 3.1 document served at /openapi.json.
//
//go:embed openapi.json
var OpenAPI []byte
