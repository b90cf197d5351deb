module example.com/todo-api

go 1.24

require (
	github.com/gomodule/redigo v1.8.3
	github.com/lib/pq v1.10.7
	github.com/mattn/go-sqlite3 v1.14.16
)
