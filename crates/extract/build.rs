//! Stamps the extractor with a digest of its own source and data files
//! (`ORBITKG_EXTRACT_DIGEST`), so that extraction records say exactly which
//! rules and gazetteer wrote them: records from shards extracted by another
//! build are refused instead of being silently merged.

use std::path::{Path, PathBuf};

/// FNV-1a, 64 bits: stable across compilers and platforms, no dependency.
fn fnv(hash: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *hash ^= u64::from(*b);
        *hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut list = Vec::new();
    for dir in ["src", "data"] {
        println!("cargo:rerun-if-changed={dir}");
        files(&root.join(dir), &mut list);
    }
    // Sorted by their path inside the crate, with `/` separators, so that
    // every machine hashes the same sequence.
    let mut named: Vec<(String, PathBuf)> = list
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(&root).unwrap_or(&p);
            let name = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            (name, p)
        })
        .collect();
    named.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, path) in &named {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        fnv(&mut hash, name.as_bytes());
        fnv(&mut hash, &[0]);
        fnv(&mut hash, &(bytes.len() as u64).to_le_bytes());
        fnv(&mut hash, &bytes);
    }
    println!("cargo:rustc-env=ORBITKG_EXTRACT_DIGEST={hash:016x}");
}
