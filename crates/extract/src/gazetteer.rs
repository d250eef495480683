//! Known names: the gazetteer data files, indexed for longest-match lookup.

use crate::model::Class;
use crate::model::Span;
use crate::text::{Token, tokenize};
use std::collections::HashMap;
use thiserror::Error;

/// The gazetteer files shipped with orbitkg, as `(file name, contents)`.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("countries.tsv", include_str!("../data/gazetteer/countries.tsv")),
    ("agencies.tsv", include_str!("../data/gazetteer/agencies.tsv")),
    ("organizations.tsv", include_str!("../data/gazetteer/organizations.tsv")),
    ("programs.tsv", include_str!("../data/gazetteer/programs.tsv")),
    ("agreements.tsv", include_str!("../data/gazetteer/agreements.tsv")),
    ("meetings.tsv", include_str!("../data/gazetteer/meetings.tsv")),
    ("places.tsv", include_str!("../data/gazetteer/places.tsv")),
];

/// A gazetteer file that cannot be read.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum GazetteerError {
    /// A line has the wrong shape.
    #[error("{file}:{line}: {message}")]
    Line {
        /// The file's name.
        file: String,
        /// The 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// One known entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Canonical English name.
    pub label: String,
    /// Its class.
    pub class: Class,
    /// Wikidata QID, e.g. `Q23548`.
    pub qid: Option<String>,
    /// Label of the country it belongs to.
    pub country: Option<String>,
    /// Other names.
    pub aliases: Vec<String>,
    /// Adjectives for a country ("Japanese").
    pub demonyms: Vec<String>,
}

/// A map looked up at nearly every token, hashed with [`WordHasher`] (the
/// keys are our own data's words, so SipHash's resistance to chosen keys buys
/// nothing here).
type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<crate::words::WordHasher>>;

/// A hit of the gazetteer in a token sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// The entry's index.
    pub entry: usize,
    /// How many tokens matched.
    pub len: usize,
    /// Whether the match is a demonym rather than a name.
    pub demonym: bool,
}

/// All known entities with an index from token sequences to entries.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    names: FastMap<Vec<String>, Vec<(usize, Vec<String>)>>,
    demonyms: FastMap<Vec<String>, Vec<(usize, Vec<String>)>>,
    by_label: HashMap<String, usize>,
    /// Longest name (in tokens) starting with each lowercase first token.
    first: FastMap<String, usize>,
    max_len: usize,
    /// [`Gazetteer::digest`], computed once (and again after [`Gazetteer::add`]).
    digest: std::sync::OnceLock<String>,
}

fn token_texts(s: &str) -> Vec<String> {
    tokenize(s, Span { start: 0, end: s.len() }).into_iter().map(|t| t.text.to_string()).collect()
}

fn lower(v: &[String]) -> Vec<String> {
    v.iter().map(|s| fold(s)).collect()
}

/// A token as the gazetteer compares it: lowercase, with typographic
/// apostrophes and dashes as their ASCII forms ("Chang’e-7" is "chang'e-7").
fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' => '\'',
            '\u{2010}'..='\u{2013}' => '-',
            c => c,
        })
        .collect()
}

/// Case rule: an all-caps alias token must match exactly, a capitalised one
/// must meet a capitalised token, a lowercase one matches any case.
fn case_compatible(alias: &str, text: &str) -> bool {
    if alias == text {
        return true;
    }
    let a0 = alias.chars().next().unwrap_or(' ');
    if crate::text::is_all_caps(alias) {
        return false;
    }
    if a0.is_uppercase() {
        return text.chars().next().is_some_and(char::is_uppercase) && !crate::text::is_all_caps(text);
    }
    true
}

impl Gazetteer {
    /// The gazetteer shipped with orbitkg.
    pub fn builtin() -> &'static Gazetteer {
        static BUILTIN: std::sync::LazyLock<Gazetteer> = std::sync::LazyLock::new(|| {
            Gazetteer::from_files(BUILTIN_FILES.iter().copied()).expect("the shipped gazetteer files are valid")
        });
        &BUILTIN
    }

    /// Reads gazetteer files: `label, class, qid, country, aliases[, demonyms]`, TAB-separated.
    pub fn from_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Gazetteer, GazetteerError> {
        let mut g = Gazetteer::default();
        for (file, contents) in files {
            for (n, line) in contents.lines().enumerate() {
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                let err = |message: String| GazetteerError::Line { file: file.to_string(), line: n + 1, message };
                let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
                if cells.len() < 5 {
                    return Err(err(format!("expected 5 TAB-separated cells, found {}", cells.len())));
                }
                let class = Class::from_name(cells[1]).ok_or_else(|| err(format!("unknown class {:?}", cells[1])))?;
                let list = |s: &str| -> Vec<String> {
                    s.split('|').map(str::trim).filter(|a| !a.is_empty()).map(String::from).collect()
                };
                let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
                g.add(Entry {
                    label: cells[0].to_string(),
                    class,
                    qid: some(cells[2]),
                    country: some(cells[3]),
                    aliases: list(cells[4]),
                    demonyms: cells.get(5).map(|s| list(s)).unwrap_or_default(),
                });
            }
        }
        g.index_country_variants();
        Ok(g)
    }

    /// "Japanese Aerospace Exploration Agency", "Australia Space Agency": a
    /// body named after its own country is also written with the other form of
    /// the country's name (its demonym for its name, or the reverse), unless
    /// that spelling names something else.
    fn index_country_variants(&mut self) {
        let mut added = Vec::new();
        for (idx, e) in self.entries.iter().enumerate() {
            if !e.class.is_organization() {
                continue;
            }
            let Some(country) = e.country.as_deref().and_then(|c| self.by_label.get(c)).map(|&c| &self.entries[c])
            else {
                continue;
            };
            let one_word = |n: &&String| !n.contains(' ');
            let names: Vec<&String> =
                std::iter::once(&country.label).chain(&country.aliases).filter(one_word).collect();
            let demonyms: Vec<&String> = country.demonyms.iter().filter(one_word).collect();
            for name in std::iter::once(&e.label).chain(&e.aliases) {
                let toks = token_texts(name);
                if toks.len() < 3 {
                    continue;
                }
                let swaps = if names.contains(&&toks[0]) {
                    &demonyms
                } else if demonyms.contains(&&toks[0]) {
                    &names
                } else {
                    continue;
                };
                for swap in swaps {
                    let mut variant = toks.clone();
                    variant[0] = (*swap).clone();
                    added.push((idx, variant));
                }
            }
        }
        for (idx, variant) in added {
            let key = lower(&variant);
            if self.names.contains_key(&key) {
                continue;
            }
            let m = self.first.entry(fold(&variant[0])).or_default();
            *m = (*m).max(variant.len());
            self.names.entry(key).or_default().push((idx, variant));
        }
    }

    /// Adds an entry and indexes its names.
    pub fn add(&mut self, entry: Entry) {
        self.digest = std::sync::OnceLock::new();
        let idx = self.entries.len();
        self.by_label.entry(entry.label.clone()).or_insert(idx);
        for name in std::iter::once(&entry.label).chain(&entry.aliases) {
            let toks = token_texts(name);
            if toks.is_empty() {
                continue;
            }
            self.max_len = self.max_len.max(toks.len());
            let m = self.first.entry(fold(&toks[0])).or_default();
            *m = (*m).max(toks.len());
            // "Committee on Peaceful Uses of Outer Space": a name is also
            // written without an inner "the", unless that spelling is another's.
            let bare: Vec<String> = toks
                .iter()
                .enumerate()
                .filter(|(i, t)| *i == 0 || t.as_str() != "the")
                .map(|(_, t)| t.clone())
                .collect();
            if bare.len() < toks.len() && bare.len() >= 3 && !self.names.contains_key(&lower(&bare)) {
                self.names.entry(lower(&bare)).or_default().push((idx, bare));
            }
            self.names.entry(lower(&toks)).or_default().push((idx, toks));
        }
        for name in &entry.demonyms {
            let toks = token_texts(name);
            if toks.is_empty() {
                continue;
            }
            self.max_len = self.max_len.max(toks.len());
            let m = self.first.entry(fold(&toks[0])).or_default();
            *m = (*m).max(toks.len());
            self.demonyms.entry(lower(&toks)).or_default().push((idx, toks));
        }
        self.entries.push(entry);
    }

    /// The one space agency listed for `country` (by its label), if there is
    /// exactly one.
    pub fn space_agency_of(&self, country: &str) -> Option<usize> {
        let mut found = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.class == Class::SpaceAgency && e.country.as_deref() == Some(country));
        let first = found.next()?.0;
        found.next().is_none().then_some(first)
    }

    /// A digest of every entry (label, class, QID, country, aliases,
    /// demonyms, in order), 16 hex digits: extraction records carry it, so
    /// that records read with another gazetteer are told apart.
    pub fn digest(&self) -> &str {
        self.digest.get_or_init(|| {
            use sha2::{Digest, Sha256};
            let mut h = Sha256::new();
            for e in &self.entries {
                let cells = [
                    e.label.as_str(),
                    e.class.name(),
                    e.qid.as_deref().unwrap_or(""),
                    e.country.as_deref().unwrap_or(""),
                ];
                for c in cells.into_iter().chain(e.aliases.iter().map(String::as_str)) {
                    h.update(c.as_bytes());
                    h.update([0]);
                }
                h.update([1]);
                for d in &e.demonyms {
                    h.update(d.as_bytes());
                    h.update([0]);
                }
                h.update([2]);
            }
            h.finalize()[..8].iter().map(|b| format!("{b:02x}")).collect()
        })
    }

    /// The entries.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// An entry by index.
    pub fn entry(&self, idx: usize) -> &Entry {
        &self.entries[idx]
    }

    /// The index of the entry with this canonical label.
    pub fn by_label(&self, label: &str) -> Option<usize> {
        self.by_label.get(label).copied()
    }

    /// The longest name or demonym starting at `tokens[i]`.
    pub fn longest_at(&self, tokens: &[Token<'_>], i: usize) -> Option<Hit> {
        let &longest = self.first.get(&fold(tokens[i].text))?;
        let max = longest.min(tokens.len() - i);
        let lowered: Vec<String> = tokens[i..i + max].iter().map(|t| fold(t.text)).collect();
        for len in (1..=max).rev() {
            let window = &tokens[i..i + len];
            let key = &lowered[..len];
            for (table, demonym) in [(&self.names, false), (&self.demonyms, true)] {
                if let Some(cands) = table.get(key) {
                    let hit = cands
                        .iter()
                        .find(|(_, alias)| alias.iter().zip(window).all(|(a, t)| case_compatible(a, t.text)));
                    if let Some((entry, _)) = hit {
                        return Some(Hit { entry: *entry, len, demonym });
                    }
                }
            }
        }
        None
    }

    /// Looks a whole name up (as written, same case rules).
    pub fn lookup(&self, name: &str) -> Option<usize> {
        let toks = token_texts(name);
        let key = lower(&toks);
        self.names.get(&key).and_then(|cands| {
            cands.iter().find(|(_, alias)| alias.iter().zip(&toks).all(|(a, t)| case_compatible(a, t))).map(|(e, _)| *e)
        })
    }

    /// Looks a demonym or country name up and returns the country's entry.
    pub fn country_of_modifier(&self, word: &str) -> Option<usize> {
        let toks = token_texts(word);
        let key = lower(&toks);
        let find = |table: &FastMap<Vec<String>, Vec<(usize, Vec<String>)>>| {
            table.get(&key).and_then(|c| {
                c.iter()
                    .find(|(e, alias)| {
                        self.entries[*e].class == Class::Country
                            && alias.iter().zip(&toks).all(|(a, t)| case_compatible(a, t))
                    })
                    .map(|(e, _)| *e)
            })
        };
        find(&self.names).or_else(|| find(&self.demonyms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Gazetteer {
        Gazetteer::from_files([(
            "t.tsv",
            "# label\tclass\tqid\tcountry\taliases\n\
             United States\tCountry\tQ30\t\tUS | U.S. | USA\tAmerican | U.S.\n\
             NASA\tSpaceAgency\tQ23548\tUnited States\tNational Aeronautics and Space Administration\n\
             Artemis program\tProgram\t\t\tArtemis | Artemis project\n",
        )])
        .unwrap()
    }

    fn hit(g: &Gazetteer, s: &str) -> Option<(String, usize, bool)> {
        let toks = tokenize(s, Span { start: 0, end: s.len() });
        g.longest_at(&toks, 0).map(|h| (g.entry(h.entry).label.clone(), h.len, h.demonym))
    }

    #[test]
    fn longest_match_with_case_rules() {
        let g = tiny();
        assert_eq!(hit(&g, "Artemis Project team"), Some(("Artemis program".into(), 2, false)));
        assert_eq!(hit(&g, "NASA’s plan"), Some(("NASA".into(), 1, false)));
        assert_eq!(hit(&g, "Nasa plan"), None, "acronyms match exactly");
        assert_eq!(hit(&g, "us and them"), None, "US is not 'us'");
        assert_eq!(hit(&g, "American astronauts"), Some(("United States".into(), 1, true)));
        assert_eq!(hit(&g, "National Aeronautics and Space Administration said"), Some(("NASA".into(), 5, false)));
    }

    #[test]
    fn names_match_without_an_inner_the() {
        let g = Gazetteer::builtin();
        assert_eq!(hit(g, "the Committee on Peaceful Uses of Outer Space adopted").map(|h| h.1), None);
        assert_eq!(hit(g, "Committee on Peaceful Uses of Outer Space adopted"), Some(("UN COPUOS".into(), 7, false)));
        assert_eq!(hit(g, "Committee on the Peaceful Uses of Outer Space").map(|h| h.1), Some(8));
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let e = Gazetteer::from_files([("x.tsv", "# h\nNASA\tAgency\t\t\t\n")]).unwrap_err();
        assert_eq!(e.to_string(), "x.tsv:2: unknown class \"Agency\"");
    }

    #[test]
    fn builtin_gazetteer_loads_and_has_no_shared_aliases() {
        let g = Gazetteer::builtin();
        assert!(g.entries().len() > 600);
        let mut seen: HashMap<String, &str> = HashMap::new();
        for e in g.entries() {
            for name in std::iter::once(&e.label).chain(&e.aliases) {
                if let Some(other) = seen.insert(name.clone(), &e.label) {
                    assert_eq!(other, e.label, "{name:?} names two entries");
                }
            }
            if let Some(c) = &e.country {
                let ci = g.by_label(c).unwrap_or_else(|| panic!("{}: no country {c}", e.label));
                assert_eq!(g.entry(ci).class, Class::Country);
            }
        }
    }

    /// Two names that differ only in case name one thing to the matcher unless one
    /// of them is an acronym (all capitals match only themselves): "SOFIA" and
    /// "Sofia" may name two entries, "VENuS" and "Venus" may not.
    #[test]
    fn builtin_names_do_not_collide_across_entries_in_any_case() {
        let g = Gazetteer::builtin();
        let mut seen: HashMap<String, Vec<(&str, &str)>> = HashMap::new();
        for e in g.entries() {
            for name in std::iter::once(&e.label).chain(&e.aliases) {
                seen.entry(lower(&token_texts(name)).join(" ")).or_default().push((name, &e.label));
            }
        }
        for names in seen.values() {
            for (i, (a, la)) in names.iter().enumerate() {
                for (b, lb) in &names[i + 1..] {
                    if la == lb {
                        continue;
                    }
                    let exact_only = |s: &str| token_texts(s).iter().all(|t| crate::text::is_all_caps(t));
                    assert!(
                        a != b && (exact_only(a) != exact_only(b)),
                        "{a:?} ({la}) and {b:?} ({lb}) match the same words"
                    );
                }
            }
        }
    }

    #[test]
    fn builtin_qids_are_wikidata_items_and_labels_are_unique() {
        let g = Gazetteer::builtin();
        let mut labels = std::collections::HashSet::new();
        for e in g.entries() {
            assert!(labels.insert(e.label.as_str()), "label {:?} is used twice", e.label);
            if let Some(q) = &e.qid {
                let digits = q.strip_prefix('Q').unwrap_or("");
                assert!(
                    !digits.is_empty() && !digits.starts_with('0') && digits.chars().all(|c| c.is_ascii_digit()),
                    "{}: {q:?} is not a QID",
                    e.label
                );
            }
            assert!(!e.label.is_empty() && e.label.trim() == e.label, "{:?}: label has stray spaces", e.label);
        }
    }
}
