//! Compile-time behaviour of the macros, through trybuild: every misuse gives its error at
//! the offending token (`ui/derive`, `ui/consumer`, `ui/provider`: one file per error,
//! with the expected `.stderr`), and correct uses compile (`ui/pass`).
//!
//! The `.stderr` files are recorded with the toolchain pinned in `rust-toolchain.toml`;
//! another compiler words its diagnostics differently, so the test is ignored there (as
//! clap does). Re-record with `TRYBUILD=overwrite cargo test -p pact-tests --test ui`.

#[rustversion::attr(
    not(stable(1.95)),
    ignore = "the .stderr files are recorded with the pinned toolchain (rust-toolchain.toml)"
)]
#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    for dir in ["derive", "consumer", "provider"] {
        // A directory without cases yet is skipped, rather than failing the glob.
        if std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("ui")
            .join(dir)
            .is_dir()
        {
            cases.compile_fail(format!("ui/{dir}/*.rs"));
        }
    }
    cases.pass("ui/pass/*.rs");
}
