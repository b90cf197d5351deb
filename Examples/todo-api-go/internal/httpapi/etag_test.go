package httpapi

import "testing"

func TestETagForIsStrongAndStable(t *testing.T) {
	t.Parallel()
	a, b := etagFor([]byte(`{"id":1}`)), etagFor([]byte(`{"id":1}`))
	if a != b || a[0] != '"' || a == etagFor([]byte(`{"id":2}`)) {
		t.Errorf("etags %s %s", a, b)
	}
}

func TestETagListMatches(t *testing.T) {
	t.Parallel()
	const etag = `"abc"`
	tests := []struct {
		header string
		strong bool
		want   bool
	}{
		{`"abc"`, true, true},
		{`"other", "abc"`, true, true},
		{`*`, true, true},
		{`W/"abc"`, true, false},
		{`W/"abc"`, false, true},
		{`"abd"`, false, false},
		{``, false, false},
	}
	for _, tc := range tests {
		if got := etagListMatches(tc.header, etag, tc.strong); got != tc.want {
			t.Errorf("etagListMatches(%q, strong=%v) = %v", tc.header, tc.strong, got)
		}
	}
}
