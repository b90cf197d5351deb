//! Repositories: one function per query the service needs. Every query is
//! parameterised; user input never becomes SQL text.

pub mod refresh_tokens;
pub mod todos;
pub mod users;
