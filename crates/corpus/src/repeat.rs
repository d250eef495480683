//! Real prose repeated: every article of a set, `K` times, each copy made
//! unique by a last line naming the copy, so that orbitkg hashes each copy
//! as an article of its own.

use serde::Serialize;

/// One article of real prose, as read by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// A short name (the file stem); it becomes part of each copy's `id`.
    pub name: String,
    /// The article text.
    pub text: String,
}

/// One copy, as a `.jsonl` line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Copy<'a> {
    /// `NAME-COPY`.
    pub id: String,
    /// The text with the line that makes this copy unique.
    pub text: String,
    #[serde(skip)]
    source: &'a Source,
}

impl<'a> Copy<'a> {
    /// Copy number `k` of `source`. The added line has no capitalised words,
    /// so it adds words but no entities.
    pub fn new(source: &'a Source, k: usize) -> Self {
        let text = format!("{}\n\n(archive copy {k} of {})\n", source.text.trim_end(), source.name.to_lowercase());
        Copy { id: format!("{}-{k:06}", source.name), text, source }
    }

    /// The article this is a copy of.
    pub fn source(&self) -> &Source {
        self.source
    }
}

/// Every copy, copy-major: the first `sources.len()` lines are one copy of
/// each article, so any prefix of the output is a balanced sample.
pub fn copies(sources: &[Source], k: usize) -> impl Iterator<Item = Copy<'_>> {
    (0..k).flat_map(move |c| sources.iter().map(move |s| Copy::new(s, c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_unique_and_keep_the_text() {
        let s = vec![
            Source { name: "a".into(), text: "NASA met ESA.\n".into() },
            Source { name: "b".into(), text: "JAXA.".into() },
        ];
        let all: Vec<Copy<'_>> = copies(&s, 3).collect();
        assert_eq!(all.len(), 6);
        assert_eq!(all[1].id, "b-000000");
        assert!(all[2].text.starts_with("NASA met ESA.\n\n(archive copy 1 of a)"));
        let texts: std::collections::HashSet<&str> = all.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts.len(), 6);
    }
}
