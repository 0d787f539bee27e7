//! Bytes → JSON → pact: reading any pact file returns a pact or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        let _ = pact_runtime::model::json::pact_from_json(&value, "fuzz");
    }
});
