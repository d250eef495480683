//! Corpora to measure orbitkg on: generated space-cooperation news, and
//! real prose repeated, both as the JSON lines `orbitkg build` reads.
//!
//! [`generate()`] writes N articles made from sentence patterns of the kinds
//! the extractor handles (heads of agencies with their titles, signings,
//! participation in programs, meetings with places and dates, cooperation,
//! Artemis Accords signings, quotes), filled with names from orbitkg's
//! gazetteer and name lists and with invented agencies, people, programs,
//! agreements and meetings, so that the graph keeps growing with N. The
//! same seed gives the same bytes on every machine: the generator has its
//! own PRNG ([`rng`]) and no floating point. Each article can come with the
//! entities and facts it plants ([`Truth`]), for tests of the extractor.
//!
//! [`repeat()`] makes copies of real articles the caller has read, each with
//! a line that makes it unique.
//!
//! This crate deliberately does no extraction and opens no files: callers
//! pass writers (the `orbitkg-corpus` binary opens them).
//!
//! ```
//! let mut out = Vec::new();
//! let summary = orbitkg_corpus::generate(42, 3, &mut out, None)?;
//! assert_eq!(summary.articles, 3);
//! assert_eq!(String::from_utf8(out)?.lines().count(), 3);
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

pub mod data;
pub mod generate;
pub mod repeat;
pub mod rng;

pub use generate::{Article, PlantedEntity, PlantedFact, Truth, article};

use std::io::{self, Write};

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Articles (lines) written.
    pub articles: u64,
    /// Bytes written to the articles file.
    pub bytes: u64,
    /// Words in the article texts.
    pub words: u64,
}

fn json_line(out: &mut dyn Write, value: &impl serde::Serialize) -> io::Result<u64> {
    let mut line = serde_json::to_string(value).map_err(io::Error::other)?;
    line.push('\n');
    out.write_all(line.as_bytes())?;
    Ok(line.len() as u64)
}

/// Writes articles `0..n` of seed `seed` as JSON lines to `out`, one at a
/// time (memory does not grow with `n`), and, when asked, the [`Truth`] of
/// each as JSON lines to `truth`.
pub fn generate(seed: u64, n: u64, out: &mut dyn Write, truth: Option<&mut dyn Write>) -> io::Result<Summary> {
    generate_range(seed, 0..n, out, truth)
}

/// Writes articles `range` of seed `seed`, as [`generate()`] does: the
/// articles a feed brings after the first `range.start` (`generate(s, n)`
/// then `generate_range(s, n..n + k)` is `generate(s, n + k)`).
pub fn generate_range(
    seed: u64,
    range: std::ops::Range<u64>,
    out: &mut dyn Write,
    mut truth: Option<&mut dyn Write>,
) -> io::Result<Summary> {
    let mut summary = Summary::default();
    for i in range {
        let (a, t) = article(seed, i);
        summary.bytes += json_line(out, &a)?;
        summary.words += a.text.split_whitespace().count() as u64;
        summary.articles += 1;
        if let Some(w) = truth.as_deref_mut() {
            json_line(w, &t)?;
        }
    }
    Ok(summary)
}

/// Writes `k` copies of every source as JSON lines to `out` (see [`repeat::copies`]).
pub fn repeat(sources: &[repeat::Source], k: usize, out: &mut dyn Write) -> io::Result<Summary> {
    let mut summary = Summary::default();
    for c in repeat::copies(sources, k) {
        summary.bytes += json_line(out, &c)?;
        summary.words += c.text.split_whitespace().count() as u64;
        summary.articles += 1;
    }
    Ok(summary)
}
