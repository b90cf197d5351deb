package store

import "testing"

func TestTodoSortable(t *testing.T) {
	t.Parallel()
	for _, field := range []string{"created_at", "updated_at", "due_date", "priority", "title"} {
		if !TodoSortable(field) {
			t.Errorf("%s not sortable", field)
		}
	}
	if TodoSortable("user_id; DROP TABLE todos") {
		t.Error("arbitrary sort accepted")
	}
}
