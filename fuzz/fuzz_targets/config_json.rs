//! Fuzzes the JSON config parser and, for every config it accepts, a small trainer built
//! from it. See fuzz/README.md for the commands; tests/fuzz_corpus.rs replays the seed
//! corpus through the same body on stable Rust.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../config_json_body.rs"]
mod body;

fuzz_target!(|data: &[u8]| {
    body::run(data);
});
