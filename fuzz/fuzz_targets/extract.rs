//! Fuzz target `extract`: see `orbitkg::fuzzing::extract`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    orbitkg::fuzzing::extract(data);
});
