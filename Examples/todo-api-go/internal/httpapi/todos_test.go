package httpapi

import (
	"testing"

	"example.com/todo-api/internal/store"
)

// The API's list of sort fields and the store's SQL mapping must agree, or
// a documented sort would silently fall back to the default order.
func TestTodoSortFieldsExistInStore(t *testing.T) {
	t.Parallel()
	for _, field := range todoListSpec.sortable {
		if !store.TodoSortable(field) {
			t.Errorf("sort %q has no SQL mapping", field)
		}
	}
}

func TestIsDate(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"2030-01-31": true, "2028-02-29": true, "2030-02-29": false, "2030-1-31": false,
		"31-01-2030": false, "2030-01-31T00:00:00Z": false, "": false,
	} {
		if isDate(s) != want {
			t.Errorf("isDate(%q) = %v", s, !want)
		}
	}
}
