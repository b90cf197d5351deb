//! JSON log lines on stdout, one per event, through `tracing`.

use tracing::Level;

/// Installs the process-wide subscriber. `level` is validated by the
/// configuration (debug, info, warn or error).
pub fn init_subscriber(level: &str) {
    let level = match level {
        "debug" => Level::DEBUG,
        "warn" => Level::WARN,
        "error" => Level::ERROR,
        _ => Level::INFO,
    };
    tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(false)
        .with_span_list(false)
        .with_target(false)
        .with_max_level(level)
        .with_writer(std::io::stdout)
        .init();
}
