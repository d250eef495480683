//! What a personal name is made of: given and family names (generated from
//! Faker's person providers, see `data/names/README.md`), the particles that
//! join them ("de", "van der", "bin", "Al"), initials, suffixes ("Jr."), and
//! the honorifics that stand before a name but are not part of it.

use crate::lexicon::{self, word_list};
use std::collections::HashSet;
use std::sync::LazyLock;

/// Given names ("Anna", "Giorgio", "Naoki"), one per line.
static GIVEN: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_list(include_str!("../data/names/given_names.txt")).into_iter().collect());

/// Family names ("Rossi", "Nguyen", "Tanaka"), one per line.
static FAMILY: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_list(include_str!("../data/names/family_names.txt")).into_iter().collect());

/// Single words of head phrases ("Agency", "Program"): a name never runs into them.
static HEAD_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    lexicon::HEADS
        .iter()
        .flat_map(|h| h.words.iter().map(String::as_str))
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .collect()
});

/// Lowercase words that join the parts of one name ("Ludwig van Beethoven",
/// "Salman bin Hamad", "Maria da Silva").
pub const PARTICLES: &[&str] = &[
    "de", "da", "di", "do", "dos", "das", "del", "della", "degli", "van", "der", "den", "ter", "von", "zu", "bin",
    "bint", "ibn", "al", "el", "le", "la", "du", "des", "y",
];

/// Capitalised particles that start a family name ("Van der Berg", "Di Stefano", "Al Khalifa").
pub const CAP_PARTICLES: &[&str] = &[
    "De", "Da", "Di", "Do", "Dos", "Del", "Della", "Van", "Von", "Der", "Den", "Ter", "Al", "El", "Le", "La", "Bin",
    "Ibn", "Abu",
];

/// Titles the tokenizer leaves without their period ("Dr", "." in "Dr. Anna Berg").
pub const ABBREVIATED_TITLES: &[&str] = &[
    "Dr", "Mr", "Mrs", "Ms", "Prof", "Gen", "Sen", "Rep", "Gov", "Amb", "Lt", "Col", "Capt", "Cmdr", "Adm", "Eng",
    "Acad", "Hon", "Ing", "Lic", "Arq", "Abg", "Mme", "Mlle",
];

/// Honorifics and styles: they mark a name and name no body ("Dr.", "Her Royal Highness").
const HONORIFICS: &[&str] = &[
    "Dr",
    "Dr.",
    "Eng",
    "Eng.",
    "Acad",
    "Acad.",
    "Hon",
    "Hon.",
    "Ing",
    "Ing.",
    "Lic",
    "Lic.",
    "Arq",
    "Arq.",
    "Abg",
    "Abg.",
    "Mme",
    "Mme.",
    "Mlle",
    "Mlle.",
    "Prof",
    "Prof.",
    "Professor",
    "Mr",
    "Mr.",
    "Ms",
    "Ms.",
    "Mrs",
    "Mrs.",
    "Sir",
    "Dame",
    "Prince",
    "Princess",
    "Sheikh",
    "Sheikha",
    "His",
    "Her",
    "Royal",
    "Highness",
    "Excellency",
    "Honourable",
    "Honorable",
    "Hon'ble",
    "H.E.",
    "H.H.",
];

/// Whether a title is an honorific: all its words are.
pub fn is_honorific(words: &[String]) -> bool {
    !words.is_empty() && words.iter().all(|w| is_honorific_word(w))
}

/// Whether one word is an honorific ("Dr.", "Honourable").
pub fn is_honorific_word(word: &str) -> bool {
    HONORIFICS.contains(&word)
}

/// Titles after which one word is a whole name ("Princess Reema", "Sheikh Mohammed").
pub const SINGLE_NAME_TITLES: &[&str] =
    &["Prince", "Princess", "Crown Prince", "Sheikh", "Sheikha", "King", "Queen", "Emir", "Sultan", "Emperor"];

/// Lowercase words after a name that make it the name of a thing ("the Rosalind Franklin rover").
pub const THING_HEADS: &[&str] = &[
    "rover",
    "mission",
    "missions",
    "telescope",
    "satellite",
    "spacecraft",
    "probe",
    "lander",
    "orbiter",
    "program",
    "programme",
    "module",
    "station",
    "observatory",
    "award",
    "prize",
    "lecture",
    "building",
    "crater",
    "center",
    "centre",
    "institute",
    "foundation",
    "university",
    "school",
    "airport",
    "street",
    "square",
    "project",
    "summit",
    "meeting",
    "conference",
    "forum",
    "agreement",
    "accords",
    "treaty",
    "declaration",
    "statement",
    "plan",
    "initiative",
    "strategy",
    "campaign",
    "fund",
    "scholarship",
    "fellowship",
    "grant",
    "island",
    "islands",
    "river",
    "lake",
    "bay",
    "valley",
    "city",
    "county",
    "province",
    "region",
    "district",
    "chair",
    "company",
    "group",
    "corporation",
    "team",
    "spaceport",
];

/// Capitalised words that end the name of a company, place or programme, never a
/// person's ("Ariane Group", "Santa Maria Island", "Marie Curie Actions").
pub const THING_ENDS: &[&str] = &[
    "Group",
    "Corporation",
    "Corp",
    "Inc",
    "Ltd",
    "Company",
    "Industries",
    "Technologies",
    "Systems",
    "Aerospace",
    "Space",
    "Airlines",
    "Holdings",
    "Partners",
    "Labs",
    "Lab",
    "Foundation",
    "Trust",
    "Fund",
    "Bank",
    "Island",
    "Islands",
    "Falls",
    "River",
    "Lake",
    "Bay",
    "Valley",
    "City",
    "County",
    "Province",
    "Region",
    "District",
    "Street",
    "Square",
    "Park",
    "Airport",
    "Port",
    "Prize",
    "Award",
    "Medal",
    "Lecture",
    "Chair",
    "Hall",
    "Mission",
    "Control",
    "Actions",
    "Programme",
    "Scheme",
    "Network",
    "Alliance",
    "Consortium",
    "Club",
    "Society",
    "Limited",
    "Hospital",
    "Clinic",
    "Museum",
    "Library",
    "College",
    "Academy",
    "School",
    "Station",
    "Base",
    "Range",
    "Peninsula",
    "Cosmodrome",
    "Observatory",
    "Telescope",
    "Satellite",
    "Rover",
    "Probe",
    "Lander",
    "Orbiter",
    "Spacecraft",
    "Rocket",
    "Launcher",
    "Capsule",
    "Module",
];

/// Verbs that follow a person's name in news prose ("Anna Berg said").
pub const PERSON_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "noted",
    "stated",
    "announced",
    "explained",
    "emphasized",
    "emphasised",
    "stressed",
    "signed",
    "met",
    "welcomed",
    "praised",
    "remarked",
    "highlighted",
    "underlined",
    "wrote",
    "tweeted",
    "commented",
    "recalled",
    "presented",
    "thanked",
    "congratulated",
    "visited",
    "spoke",
    "urged",
    "believes",
];

/// Name suffixes kept as part of the name ("Joel Marciano Jr.").
pub const SUFFIXES: &[&str] = &["Jr", "Sr", "II", "III", "IV"];

/// Whether a capitalised word has the ending of an English topic word
/// ("Exploration", "Robotic", "Affairs", "Scientific", "Development").
pub fn looks_like_english_word(w: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "tion", "tions", "sion", "ment", "ments", "ness", "ity", "ities", "ence", "ance", "ics", "ic", "ical", "al",
        "ive", "ary", "ory", "ing", "ship", "ism", "ure", "ous", "ful", "ian", "ean", "ese", "airs", "ies", "ology",
    ];
    ENDINGS.iter().any(|e| w.len() > e.len() + 2 && w.ends_with(e))
}

/// Whether a word has an ending no personal name has ("Actions", "Management", "Robotics").
pub fn is_topic_word(w: &str) -> bool {
    const ENDINGS: &[&str] = &["tion", "tions", "sion", "sions", "ment", "ments", "ness", "ics", "ities", "ology"];
    ENDINGS.iter().any(|e| w.len() > e.len() + 2 && w.ends_with(e))
}

/// Whether a word is a known given name; a hyphenated word is one when one
/// of its parts is ("Jean-Luc", "Marie-Claire").
pub fn is_given(w: &str) -> bool {
    GIVEN.contains(w) || (w.contains('-') && w.split('-').any(|p| GIVEN.contains(p)))
}

/// Whether a word is a known family name; a hyphenated word is one when one
/// of its parts is ("Garcia-Lopez").
pub fn is_family(w: &str) -> bool {
    FAMILY.contains(w) || (w.contains('-') && w.split('-').any(|p| FAMILY.contains(p)))
}

/// Whether a word is a lowercase name particle.
pub fn is_particle(w: &str) -> bool {
    PARTICLES.contains(&w)
}

/// Whether a word is a name particle in either case.
pub fn is_any_particle(w: &str) -> bool {
    is_particle(w) || is_cap_particle(w)
}

/// Whether a word is a capitalised name particle.
pub fn is_cap_particle(w: &str) -> bool {
    CAP_PARTICLES.contains(&w)
}

/// Whether a word is part of a head phrase ("Agency", "Treaty").
pub fn is_head_word(w: &str) -> bool {
    HEAD_WORDS.contains(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_know_names_and_not_common_words() {
        for w in ["Anna", "Giorgio", "Naoki", "Jean-Luc", "Kevin"] {
            assert!(is_given(w), "{w}");
        }
        for w in ["Rossi", "Nguyen", "Tanaka"] {
            assert!(is_family(w), "{w}");
        }
        // Filtered by rule: English words, extractor words, gazetteer names.
        for w in ["May", "Will", "Summer", "Grant", "Page", "The", "Agency", "Japan", "President"] {
            assert!(!is_given(w) && !is_family(w), "{w}");
        }
        assert!(is_head_word("Agency") && !is_head_word("Anna") && !is_head_word("of"));
    }
}
