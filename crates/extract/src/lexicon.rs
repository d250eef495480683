//! Tables that drive the rules: head words and titles (data files), plus the
//! small closed word lists of English that decide what a capital letter means.

use crate::model::Class;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// What a title says about the person's relation to the body it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Heads it.
    Leads,
    /// Works for or represents it.
    Member,
    /// Heads an agency, international or research body or company; member of a ministry.
    Agency,
    /// Marks a name only.
    None,
}

/// Whether a title belongs to a state or to an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Head of state, minister, ambassador.
    Country,
    /// Administrator, director, astronaut.
    Org,
}

/// A title from `titles.tsv`.
#[derive(Debug, Clone)]
pub struct Title {
    /// Its words as written.
    pub words: Vec<String>,
    /// Its role.
    pub role: Role,
    /// Its scope.
    pub scope: Scope,
}

/// The titles, longest first so that "Deputy Administrator" wins over "Administrator".
pub static TITLES: LazyLock<Vec<Title>> = LazyLock::new(|| {
    let mut v: Vec<Title> = data_rows(include_str!("../data/titles.tsv"))
        .map(|cells| Title {
            words: cells[0].split_whitespace().map(String::from).collect(),
            role: match cells[1] {
                "leads" => Role::Leads,
                "member" => Role::Member,
                "agency" => Role::Agency,
                "none" => Role::None,
                other => panic!("titles.tsv: unknown role {other}"),
            },
            scope: match cells[2] {
                "country" => Scope::Country,
                "org" => Scope::Org,
                other => panic!("titles.tsv: unknown scope {other}"),
            },
        })
        .collect();
    v.sort_by_key(|t| std::cmp::Reverse(t.words.len()));
    v
});

/// [`TITLES`] by their first word, so that finding a title at a token looks
/// up a few rows instead of trying all of them (it ran for nearly every token).
struct TitleIndex {
    /// By the first word as written, and without its abbreviation dot.
    written: HashMap<&'static str, Vec<usize>>,
    /// By the first word in ASCII lowercase.
    folded: HashMap<String, Vec<usize>>,
    /// The one-word titles as written.
    one_word: HashSet<&'static str>,
}

static TITLE_INDEX: LazyLock<TitleIndex> = LazyLock::new(|| {
    let mut index = TitleIndex { written: HashMap::new(), folded: HashMap::new(), one_word: HashSet::new() };
    for (i, t) in TITLES.iter().enumerate() {
        let first = t.words[0].as_str();
        index.written.entry(first).or_default().push(i);
        if let Some(bare) = first.strip_suffix('.') {
            index.written.entry(bare).or_default().push(i);
        }
        index.folded.entry(first.to_ascii_lowercase()).or_default().push(i);
        if t.words.len() == 1 {
            index.one_word.insert(first);
        }
    }
    index
});

/// The titles whose first word a token written `word` may be, in [`TITLES`]
/// order: as written, without the title's abbreviation dot, or in lowercase
/// (a superset of the rows whose first word matches; the caller checks).
pub fn titles_for(word: &str) -> impl Iterator<Item = &'static Title> {
    let index = &*TITLE_INDEX;
    let lower = word.to_lowercase();
    let a = index.written.get(word).map_or(&[][..], Vec::as_slice);
    let b = if lower == word { &[][..] } else { index.written.get(lower.as_str()).map_or(&[][..], Vec::as_slice) };
    let mut rows: Vec<usize> = a.iter().chain(b).copied().collect();
    rows.sort_unstable();
    rows.dedup();
    rows.into_iter().map(|i| &TITLES[i])
}

/// The titles whose first word is `word` in any ASCII case, in [`TITLES`] order.
pub fn titles_for_any_case(word: &str) -> impl Iterator<Item = &'static Title> {
    let rows = TITLE_INDEX.folded.get(&word.to_ascii_lowercase()).map_or(&[][..], Vec::as_slice);
    rows.iter().map(|&i| &TITLES[i])
}

/// Whether `word` is a one-word title as written ("Administrator").
pub fn is_one_word_title(word: &str) -> bool {
    TITLE_INDEX.one_word.contains(word)
}

/// A head word from `heads.tsv`.
#[derive(Debug, Clone)]
pub struct Head {
    /// Its words.
    pub words: Vec<String>,
    /// The class it gives.
    pub class: Class,
    /// Words of which one must occur in the name for the row to apply.
    pub requires: Vec<String>,
}

/// The head words, in file order.
pub static HEADS: LazyLock<Vec<Head>> = LazyLock::new(|| {
    data_rows(include_str!("../data/heads.tsv"))
        .map(|cells| Head {
            words: cells[0].split_whitespace().map(String::from).collect(),
            class: Class::from_name(cells[1]).unwrap_or_else(|| panic!("heads.tsv: unknown class {}", cells[1])),
            requires: cells.get(2).map(|s| s.split('|').map(|w| w.trim().to_string()).collect()).unwrap_or_default(),
        })
        .collect()
});

/// One word per line; `#` starts a comment line.
pub fn word_list(s: &'static str) -> Vec<&'static str> {
    s.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
}

fn data_rows(s: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    s.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(|l| l.split('\t').map(str::trim).collect())
}

/// The class a name gets from its head words, and where the head ends.
/// Returns `(class, head_start, head_end)` as word indices.
pub fn classify_by_head(words: &[&str]) -> Option<(Class, usize, usize)> {
    // The last head word decides, unless what follows it is not an "of/on/for" tail.
    let mut best: Option<(Class, usize, usize)> = None;
    for end in (1..=words.len()).rev() {
        for head in HEADS.iter() {
            let n = head.words.len();
            if n > end {
                continue;
            }
            let start = end - n;
            if words[start..end].iter().zip(&head.words).any(|(w, h)| w != h) {
                continue;
            }
            // The required word may stand anywhere in the name ("Indian Space
            // Association", "Confederation of Indian Industry").
            let other = |i: usize, w: &&str| (i < start || i >= end) && head.requires.iter().any(|r| r == *w);
            if !head.requires.is_empty() && !words.iter().enumerate().any(|(i, w)| other(i, w)) {
                continue;
            }
            let tail_ok = end == words.len() || TAIL_CONNECTORS.contains(&words[end]);
            if tail_ok {
                return Some((head.class, start, end));
            }
            best.get_or_insert((head.class, start, end));
        }
    }
    best
}

/// Lowercase words allowed inside a capitalised name ("Department of State").
pub const CONNECTORS: &[&str] = &["of", "on", "for", "and", "the", "in", "de", "du", "des", "la", "le", "to", "&"];

/// Endings of a title-case topic word after a place: "Earth Observation",
/// "Moon Exploration", "Space Sciences", "Mars Robotics", "Lunar Mapping".
pub const TOPIC_SUFFIXES: &[&str] = &["tion", "tions", "ence", "ences", "ics", "ing"];

/// Connectors that may follow a head word ("Dialogue on Space").
pub const TAIL_CONNECTORS: &[&str] = &["of", "on", "for", "in"];

/// Capitalised words that are not names on their own.
pub static NOT_NAME_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| word_list(include_str!("../data/not_name_words.txt")));

/// Verbs that headlines capitalise; in a headline they are never part of a name.
pub static HEADLINE_VERBS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| word_list(include_str!("../data/headline_verbs.txt")));

/// Month names and their numbers.
pub const MONTHS: &[(&str, u32)] = &[
    ("January", 1),
    ("February", 2),
    ("March", 3),
    ("April", 4),
    ("May", 5),
    ("June", 6),
    ("July", 7),
    ("August", 8),
    ("September", 9),
    ("October", 10),
    ("November", 11),
    ("December", 12),
    ("Jan.", 1),
    ("Feb.", 2),
    ("Mar.", 3),
    ("Apr.", 4),
    ("Jun.", 6),
    ("Jul.", 7),
    ("Aug.", 8),
    ("Sep.", 9),
    ("Sept.", 9),
    ("Oct.", 10),
    ("Nov.", 11),
    ("Dec.", 12),
];

/// Ordinal words stripped from meeting names ("the fourth U.S.-ROK Civil Space Dialogue").
pub const ORDINALS: &[&str] = &[
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "inaugural",
    "annual",
    "next",
    "latest",
    "upcoming",
];

/// Whether a word is an ordinal ("third", "19th").
pub fn is_ordinal(w: &str) -> bool {
    let l = w.to_lowercase();
    ORDINALS.contains(&l.as_str())
        || ["st", "nd", "rd", "th"].iter().any(|suffix| {
            l.strip_suffix(suffix)
                .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// Words that make a name generic when nothing else is in it ("Joint Statement").
pub const GENERIC_MODIFIERS: &[&str] = &[
    "Joint",
    "New",
    "Bilateral",
    "Multilateral",
    "International",
    "Global",
    "National",
    "Regional",
    "Final",
    "First",
    "Second",
    "Third",
    "Comprehensive",
    "Annual",
    "Special",
    "General",
    "High-Level",
    "Historic",
    "Landmark",
    "Official",
    "Formal",
    "Implementing",
    "Implementation",
    "Signing",
    "Opening",
    "Closing",
    "Inaugural",
    "Plenary",
    "Ministerial",
];

/// Endings of a pair part that make its actor take part in the program after it:
/// "NASA-led P", "the UK-built P", "a Chinese-backed P".
pub const X_LED_SUFFIXES: &[&str] =
    &["-led", "-built", "-funded", "-developed", "-operated", "-run", "-backed", "-designed", "-made"];

/// Beginnings of a verb whose "to" names a program: "contribute Canadarm3 to the
/// Lunar Gateway", "provides the heater units to P".
pub const CONTRIBUTE_TO_PREFIXES: &[&str] = &["contribut", "provide"];

/// Beginnings of a word before "with" that makes the partner build too: "working
/// with NASA to develop P", "cooperating with", "collaborating with".
pub const WORKING_WITH_PREFIXES: &[&str] = &["cooperat", "collaborat", "work"];

/// Beginnings of a cooperation word: "their cooperation on the ExoMars mission",
/// "collaborating".
pub const COOPERATE_PREFIXES: &[&str] = &["cooperat", "collaborat"];

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (found by the `extract` fuzz target): a word ending in a
    /// character of several bytes ("이문") was cut inside it.
    #[test]
    fn ordinals_are_read_in_any_script() {
        assert!(is_ordinal("19th") && is_ordinal("Third") && is_ordinal("2nd"));
        assert!(!is_ordinal("th") && !is_ordinal("이문") && !is_ordinal("문th") && !is_ordinal("x1st"));
    }

    #[test]
    fn heads_class_names() {
        let c = |s: &str| classify_by_head(&s.split_whitespace().collect::<Vec<_>>()).map(|x| x.0);
        assert_eq!(c("Korean Positioning System"), Some(Class::Program));
        assert_eq!(c("Korea Aerospace Agency"), Some(Class::SpaceAgency));
        assert_eq!(c("Canadian Nuclear Safety Agency"), Some(Class::GovernmentBody));
        assert_eq!(c("Comprehensive Dialogue on Space"), Some(Class::Meeting));
        assert_eq!(c("Joint Statement on Cooperation in Space and Aeronautics Activities"), Some(Class::Agreement));
        assert_eq!(c("Security Consultative Committee"), Some(Class::Meeting));
        assert_eq!(c("Senate Foreign Relations Committee"), Some(Class::GovernmentBody));
        assert_eq!(c("Strategic Headquarters for Space Development"), Some(Class::GovernmentBody));
        assert_eq!(c("Space Situational Awareness"), None);
    }

    #[test]
    fn titles_are_longest_first() {
        let pos = |s: &str| TITLES.iter().position(|t| t.words.join(" ") == s).unwrap();
        assert!(pos("Deputy Administrator") < pos("Administrator"));
        assert!(is_ordinal("19th") && is_ordinal("Sixth") && !is_ordinal("month"));
    }
}
