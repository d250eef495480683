//! Fuzz target `query`: see `orbitkg::fuzzing::query`.
#![no_main]

libfuzzer_sys::fuzz_target!(
    init: orbitkg::fuzzing::init(),
    |data: &[u8]| {
        orbitkg::fuzzing::query(data);
    }
);
