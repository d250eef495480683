//! The names a generated article draws on: orbitkg's own gazetteer and name
//! lists (read at build time), and invented names made from a number.

use std::sync::OnceLock;

/// A space agency the gazetteer knows.
#[derive(Debug, Clone)]
pub struct KnownAgency {
    /// Its gazetteer label ("NASA", "Korea AeroSpace Administration").
    pub label: String,
    /// A spelled-out name, when the label is an acronym and the gazetteer
    /// lists one ("Japan Aerospace Exploration Agency").
    pub full: Option<String>,
}

/// Everything read from the extractor's data files, parsed once.
#[derive(Debug)]
pub struct Pools {
    /// Space agencies, in gazetteer order (the best known first).
    pub agencies: Vec<KnownAgency>,
    /// Program labels, in gazetteer order.
    pub programs: Vec<String>,
    /// Country labels.
    pub countries: Vec<String>,
    /// City labels.
    pub cities: Vec<String>,
    /// Given names.
    pub given: Vec<String>,
    /// Family names.
    pub family: Vec<String>,
}

const AGENCIES: &str = include_str!("../../extract/data/gazetteer/agencies.tsv");
const PROGRAMS: &str = include_str!("../../extract/data/gazetteer/programs.tsv");
const COUNTRIES: &str = include_str!("../../extract/data/gazetteer/countries.tsv");
const PLACES: &str = include_str!("../../extract/data/gazetteer/places.tsv");
const GIVEN: &str = include_str!("../../extract/data/names/given_names.txt");
const FAMILY: &str = include_str!("../../extract/data/names/family_names.txt");
const NOT_NAMES: &str = include_str!("../../extract/data/not_name_words.txt");
const STARTERS: &str = include_str!("../../extract/data/sentence_starters.txt");
const HEADLINE_VERBS: &str = include_str!("../../extract/data/headline_verbs.txt");
const TITLES: &str = include_str!("../../extract/data/titles.tsv");
const HEADS: &str = include_str!("../../extract/data/heads.tsv");

fn rows(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).map(|l| l.split('\t').collect())
}

fn words(list: &str) -> impl Iterator<Item = &str> {
    list.lines().map(str::trim).filter(|l| !l.starts_with('#') && !l.is_empty())
}

/// Plain names only: ASCII letters and inner spaces, capitalised. Names with
/// punctuation or accents are fine for the extractor, but the generator keeps
/// to names whose every mention it can predict.
fn plain(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ')
        && !s.contains("  ")
}

fn acronym(s: &str) -> bool {
    s.len() >= 2 && s.chars().all(|c| c.is_ascii_uppercase())
}

fn parse() -> Pools {
    let agencies = rows(AGENCIES)
        .filter(|r| r.len() >= 2 && r[1] == "SpaceAgency" && plain(r[0]))
        .map(|r| {
            let aliases = r.get(4).copied().unwrap_or("");
            let full = acronym(r[0])
                .then(|| {
                    aliases.split('|').map(str::trim).find(|a| {
                        plain(a)
                            && a.contains(' ')
                            && a.split(' ')
                                .all(|w| w.starts_with(char::is_uppercase) || matches!(w, "and" | "of" | "for"))
                    })
                })
                .flatten()
                .map(str::to_owned);
            KnownAgency { label: r[0].to_owned(), full }
        })
        .collect();
    // Programs with a plain, multi-letter label; single ordinary-looking words
    // ("Gateway", "Orion") are kept: the gazetteer lists them as such.
    let programs = rows(PROGRAMS)
        .filter(|r| r.len() >= 2 && r[1] == "Program" && plain(r[0]) && r[0].len() > 3)
        .map(|r| r[0].to_owned())
        .collect();
    let countries = rows(COUNTRIES).filter(|r| plain(r[0])).map(|r| r[0].to_owned()).collect();
    let cities = rows(PLACES)
        .filter(|r| r.len() >= 4 && r[1] == "Place" && !r[3].is_empty() && plain(r[0]) && r[0].split(' ').count() <= 2)
        .map(|r| r[0].to_owned())
        .collect();

    // Person names that could be read as something else are left out: the
    // extractor's stop-lists, titles and head words, and short particles.
    let mut reserved: std::collections::HashSet<String> = std::collections::HashSet::new();
    for w in words(NOT_NAMES).chain(words(STARTERS)).chain(words(HEADLINE_VERBS)) {
        reserved.insert(w.to_ascii_lowercase());
    }
    for r in rows(TITLES).chain(rows(HEADS)) {
        for w in r[0].split(' ') {
            reserved.insert(w.to_ascii_lowercase());
        }
    }
    for r in rows(AGENCIES).chain(rows(PROGRAMS)).chain(rows(COUNTRIES)).chain(rows(PLACES)) {
        for name in std::iter::once(r[0]).chain(r.get(4).map_or("", |a| *a).split('|')) {
            for w in name.split_whitespace() {
                reserved.insert(w.to_ascii_lowercase());
            }
        }
    }
    let name_ok = |w: &&str| {
        w.len() >= 3
            && w.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && w.chars().skip(1).all(|c| c.is_ascii_lowercase())
            && !reserved.contains(&w.to_ascii_lowercase())
    };
    let given = words(GIVEN).filter(name_ok).map(str::to_owned).collect();
    let family = words(FAMILY).filter(name_ok).map(str::to_owned).collect();
    Pools { agencies, programs, countries, cities, given, family }
}

/// The pools, parsed on first use.
pub fn pools() -> &'static Pools {
    static POOLS: OnceLock<Pools> = OnceLock::new();
    POOLS.get_or_init(parse)
}

const SYLLABLES: [&str; 20] = [
    "ka", "lo", "ri", "ven", "ta", "mor", "sel", "da", "ni", "vo", "ra", "zel", "tor", "mi", "bel", "lun", "qua",
    "sor", "fe", "dri",
];

/// An invented capitalised word, one per number (a bijection: different
/// numbers give different words), at least three syllables long so that it
/// reads as no real place or person.
pub fn word(n: u64) -> String {
    let base = SYLLABLES.len() as u64;
    // Four syllables, scrambled (7919 is prime to the range, so this is a
    // bijection) so that neighbouring numbers do not share their endings;
    // five and more past the range.
    const RANGE: u64 = 152_000;
    let mut k = if n < RANGE { 8_000 + n * 7919 % RANGE } else { n + 160_000 };
    let mut parts = Vec::new();
    while k > 0 {
        parts.push(SYLLABLES[(k % base) as usize]);
        k /= base;
    }
    let mut w: String = parts.concat();
    if let Some(first) = w.get(..1) {
        w.replace_range(..1, &first.to_ascii_uppercase());
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pools_are_read_from_the_gazetteer() {
        let p = pools();
        assert_eq!(p.agencies[0].label, "NASA");
        assert_eq!(p.agencies[0].full.as_deref(), Some("National Aeronautics and Space Administration"));
        assert!(p.agencies.len() > 50 && p.programs.len() > 300 && p.countries.len() > 150, "{p:?}");
        assert!(p.cities.iter().any(|c| c == "Vienna"));
        assert!(p.given.len() > 1000 && p.family.len() > 1000);
        assert!(!p.given.iter().any(|g| g == "May" || g == "Will"), "stop-words are not names");
    }

    #[test]
    fn invented_words_are_distinct() {
        let words: std::collections::HashSet<String> = (0..50_000).map(word).collect();
        assert_eq!(words.len(), 50_000);
        assert!(word(0).len() >= 6, "{}", word(0));
    }
}
