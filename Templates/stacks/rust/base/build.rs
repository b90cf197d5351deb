//! Embeds `migrations/<dialect>/NNNN_name.sql` into the binary, so the server
//! needs no files next to it and a new migration needs no code change.
//!
//! The generated code names each file relative to `CARGO_MANIFEST_DIR`, never
//! by absolute path: Cargo may reuse this script's output for a copy of the
//! project in another folder (a shared target directory), and the copy must
//! read its own files.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let mut out = String::new();
    for dialect in ["sqlite", "postgres"] {
        let dir = Path::new("migrations").join(dialect);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = fs::read_dir(&dir)
            .unwrap_or_else(|err| panic!("read {}: {err}", dir.display()))
            .map(|entry| entry.expect("migration directory entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "sql"))
            .collect();
        files.sort();
        writeln!(
            out,
            "pub const {}: &[(&str, &str)] = &[",
            dialect.to_uppercase()
        )
        .unwrap();
        for path in files {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let relative = format!("/migrations/{dialect}/{name}");
            writeln!(
                out,
                "    ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {relative:?}))),"
            )
            .unwrap();
        }
        writeln!(out, "];").unwrap();
    }
    let target = Path::new(&env::var("OUT_DIR").unwrap()).join("migrations.rs");
    fs::write(target, out).expect("write migrations.rs");
}
