//! Fuzz target `read_article`: see `orbitkg::fuzzing::read_article`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    orbitkg::fuzzing::read_article(data);
});
