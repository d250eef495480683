//! Word classes, declared once in `data/word_classes.tsv` and used by name.
//!
//! An entry is a single word or a phrase of several; [`at`] tells whether an
//! entry of a class starts at a token and how many tokens it takes, matching
//! lowercase words. The modal "may" matches only when written in lowercase
//! (a capital "May" is the month).

use crate::text::Token;
use std::collections::HashMap;
use std::sync::LazyLock;

/// The word classes, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WordClass {
    /// Signing verbs.
    Sign,
    /// Nouns of signing.
    SignNoun,
    /// Joining an agreement (or a program).
    Accede,
    /// Taking part in a program.
    Participate,
    /// Nouns of taking part.
    ParticipateNoun,
    /// Building, running or paying for a program.
    Build,
    /// Cooperation verbs.
    Cooperate,
    /// Cooperation nouns.
    CooperateNoun,
    /// Meeting verbs.
    Meet,
    /// Meeting nouns.
    MeetNoun,
    /// Nouns that name a meeting without naming which.
    MeetingNoun,
    /// Attending a meeting.
    Attend,
    /// Holding, hosting or convening a meeting.
    Hold,
    /// Leaving a program or an agreement.
    Leave,
    /// A relative pronoun opening an aside between commas.
    RelativeAside,
    /// A preposition that makes a noun of cooperation a topic.
    CooperationTopic,
    /// A country's crew: "astronaut", "crew".
    CrewNoun,
    /// "Both", "the two" before a plural standing for the last two named.
    PairDeterminer,
    /// Two people together in one place: "shake hands", "pose".
    Together,
    /// A meeting gathering its participants.
    Gather,
    /// Acting at an event: announcing, adopting, saying.
    Act,
    /// What an instrument lays down: "the agreement covers", "stipulates".
    Cover,
    /// Welcoming someone to a meeting.
    Welcome,
    /// Words of a post held before.
    Former,
    /// Participles not ending in -ed.
    Participle,
    /// Forms of "be".
    Be,
    /// Words of a remote event.
    Remote,
    /// Determiners and possessives.
    Determiner,
    /// List connectors.
    Coordinator,
    /// Prepositions that attach obliques.
    Preposition,
    /// Cues of what is planned or possible.
    Planned,
    /// Future auxiliaries.
    Future,
    /// Adjectives that make the event noun after them planned.
    PlannedAdjective,
    /// Cues of negation.
    Negated,
    /// Cues of what ended.
    Ended,
    /// Phrases with a status word that say nothing of status.
    NotStatus,
    /// Clause boundaries.
    ClauseBreak,
    /// "and" that starts a new clause.
    ClauseAnd,
    /// Words that count the noun after them.
    Count,
    /// A deputy's word before a title.
    Deputy,
    /// Words between a pair and a meeting noun.
    MeetingAdjective,
    /// Function words a title-case headline capitalises.
    HeadlineFunction,
    /// Nouns after a program's name that name the program itself.
    ProgramNoun,
    /// Prepositions no body's name runs over.
    BodyBreak,
    /// Nouns that make a place before them a topic.
    TopicNoun,
    /// Participles that make a convention a meeting.
    EventParticiple,
    /// Meeting heads that name one numbered sitting.
    Sitting,
    /// Parts of a text.
    TextPart,
    /// What a code before it names as a program.
    ProgramKind,
    /// What a plain name before it names as a program.
    PlainProgramNoun,
    /// Speech verbs before a speaker's name.
    SpeechCue,
    /// Speech verbs after a speaker's name.
    Speech,
    /// Definite words before a reference.
    Definite,
    /// Indefinite articles.
    Indefinite,
    /// Link verbs that say what something is.
    Copula,
    /// Prepositions of an instrument's topic.
    TopicPreposition,
    /// Words that end an instrument's topic.
    TopicEnd,
    /// Nouns after "on" that are no topic.
    NotTopic,
    /// Prepositions that name the event an act took place at.
    AtEvent,
    /// Prepositions that name a meeting beside an attendance.
    BesideEvent,
    /// Prepositions that name parties beside the agent.
    WithParty,
    /// Prepositions that name who took part in an event.
    ParticipationBy,
    /// Acts a person does that "by" names the agent of.
    PersonAct,
    /// Meeting nouns an ordinal numbers.
    NumberedSitting,
    /// Ordinal-like words that count nothing.
    NotNumber,
    /// Words skipped in a portfolio's name.
    PortfolioSkip,
    /// Prepositions before a country in a name.
    CountryOf,
    /// Words between the names a possessive governs.
    GovernedListGap,
    /// Plural nouns that stand for countries.
    CountryPlural,
    /// Plural nouns that stand for organisations.
    AgencyPlural,
    /// Participles whose "by" names who takes part.
    PassiveParticipation,
    /// Words that end the phrase a rule reads.
    PhraseEnd,
    /// Nouns after a possessive that tell taking part.
    PossessedParticipation,
    /// Instruments whose parties take part in the program.
    ProgramInstrument,
    /// Prepositions between an instrument and its program.
    InstrumentFor,
    /// Verbs that tell an instrument was made.
    InstrumentVerb,
    /// Prepositions that make a name no subject.
    ObjectPreposition,
    /// Articles.
    Article,
    /// Words that end the names after a passive "by".
    PassiveByEnd,
    /// Words before the programs of a passive participle.
    PassiveClauseBreak,
    /// Verbs of taking part in a program.
    ParticipationVerb,
    /// Determiners that make "support" a noun.
    SupportDeterminer,
    /// Words that end a participation verb's object.
    VerbObjectEnd,
    /// Words before a participation verb's subjects.
    VerbSubjectStart,
    /// Relative pronouns that stand for the actor before them.
    RelativePronoun,
    /// Adverbs before "with" a partner.
    Jointly,
    /// Prepositions after a cooperation noun before a program.
    CooperationOn,
    /// Words before a cooperation noun's subjects.
    CooperationSubjectStart,
    /// Prepositions after "signatory" before an instrument.
    SignatoryOf,
    /// Verbs after the signatories of an instrument before their list.
    SignatoriesAre,
    /// Words before "by" that name later signatories.
    FollowedBy,
    /// Words after a comma that go on with an instrument's phrase.
    GoesOn,
    /// Words that end the parties after an instrument's "between".
    InstrumentBetweenEnd,
    /// Determiners inside a prepositional phrase.
    PhraseDeterminer,
    /// Prepositions that make a name no subject.
    PhrasePreposition,
    /// Where a photo caption places a person.
    CaptionSide,
    /// Words no title before a caption's second name holds.
    CaptionGapBreak,
    /// Nouns that stand for the last meeting's participants.
    Delegation,
    /// Verbs that tell who led or made up a delegation.
    DelegationVerb,
    /// Opening words that recall an earlier meeting.
    Recalling,
    /// Nouns for one who signed an instrument.
    Signatory,
    /// Prepositions whose list right before a verb is its subject.
    SubjectPreposition,
    /// Prepositions that keep a list among a delegation's members.
    MemberPreposition,
    /// Prepositions between a title and its portfolio.
    PortfolioPreposition,
    /// Prepositions between a title and its body.
    TitlePreposition,
    /// Possessive determiners of the subject's own.
    OwnPossessive,
    /// Possessive determiners of people.
    PersonPossessive,
    /// Quantifiers before "of whom".
    AllOf,
    /// Prepositions of time or place after a reduced relative participle.
    AfterParticiple,
    /// Words after which a year dates the clause, not a name.
    YearGovernor,
    /// Words that open a relative clause.
    RelativeWord,
    /// Plural nouns that speak of parties in number.
    PartyPlural,
    /// Lowercase words after a place that keep it a meeting's place.
    AfterMeetingPlace,
    /// Prepositions before a meeting's place.
    MeetingPlacePreposition,
    /// Determiners before a year that opens a meeting's name.
    YearDeterminer,
    /// Words between government bodies listed together.
    BodyListGap,
}

/// Each class by the name the data file gives it.
const CLASS_NAMES: &[(&str, WordClass)] = &[
    ("sign", WordClass::Sign),
    ("sign-noun", WordClass::SignNoun),
    ("accede", WordClass::Accede),
    ("participate", WordClass::Participate),
    ("participate-noun", WordClass::ParticipateNoun),
    ("build", WordClass::Build),
    ("cooperate", WordClass::Cooperate),
    ("cooperate-noun", WordClass::CooperateNoun),
    ("meet", WordClass::Meet),
    ("meet-noun", WordClass::MeetNoun),
    ("attend", WordClass::Attend),
    ("meeting-noun", WordClass::MeetingNoun),
    ("hold", WordClass::Hold),
    ("be", WordClass::Be),
    ("participle", WordClass::Participle),
    ("former", WordClass::Former),
    ("leave", WordClass::Leave),
    ("together", WordClass::Together),
    ("relative-aside", WordClass::RelativeAside),
    ("cooperation-topic", WordClass::CooperationTopic),
    ("crew-noun", WordClass::CrewNoun),
    ("pair-determiner", WordClass::PairDeterminer),
    ("gather", WordClass::Gather),
    ("act", WordClass::Act),
    ("cover", WordClass::Cover),
    ("welcome", WordClass::Welcome),
    ("remote", WordClass::Remote),
    ("determiner", WordClass::Determiner),
    ("coordinator", WordClass::Coordinator),
    ("preposition", WordClass::Preposition),
    ("planned", WordClass::Planned),
    ("future", WordClass::Future),
    ("planned-adjective", WordClass::PlannedAdjective),
    ("negated", WordClass::Negated),
    ("ended", WordClass::Ended),
    ("not-status", WordClass::NotStatus),
    ("clause-break", WordClass::ClauseBreak),
    ("clause-and", WordClass::ClauseAnd),
    ("count", WordClass::Count),
    ("deputy", WordClass::Deputy),
    ("meeting-adjective", WordClass::MeetingAdjective),
    ("headline-function", WordClass::HeadlineFunction),
    ("program-noun", WordClass::ProgramNoun),
    ("body-break", WordClass::BodyBreak),
    ("topic-noun", WordClass::TopicNoun),
    ("event-participle", WordClass::EventParticiple),
    ("sitting", WordClass::Sitting),
    ("text-part", WordClass::TextPart),
    ("program-kind", WordClass::ProgramKind),
    ("plain-program-noun", WordClass::PlainProgramNoun),
    ("speech-cue", WordClass::SpeechCue),
    ("speech", WordClass::Speech),
    ("definite", WordClass::Definite),
    ("indefinite", WordClass::Indefinite),
    ("copula", WordClass::Copula),
    ("topic-preposition", WordClass::TopicPreposition),
    ("topic-end", WordClass::TopicEnd),
    ("not-topic", WordClass::NotTopic),
    ("at-event", WordClass::AtEvent),
    ("beside-event", WordClass::BesideEvent),
    ("with-party", WordClass::WithParty),
    ("participation-by", WordClass::ParticipationBy),
    ("person-act", WordClass::PersonAct),
    ("numbered-sitting", WordClass::NumberedSitting),
    ("not-number", WordClass::NotNumber),
    ("portfolio-skip", WordClass::PortfolioSkip),
    ("country-of", WordClass::CountryOf),
    ("governed-list-gap", WordClass::GovernedListGap),
    ("country-plural", WordClass::CountryPlural),
    ("agency-plural", WordClass::AgencyPlural),
    ("passive-participation", WordClass::PassiveParticipation),
    ("phrase-end", WordClass::PhraseEnd),
    ("possessed-participation", WordClass::PossessedParticipation),
    ("program-instrument", WordClass::ProgramInstrument),
    ("instrument-for", WordClass::InstrumentFor),
    ("instrument-verb", WordClass::InstrumentVerb),
    ("object-preposition", WordClass::ObjectPreposition),
    ("article", WordClass::Article),
    ("passive-by-end", WordClass::PassiveByEnd),
    ("passive-clause-break", WordClass::PassiveClauseBreak),
    ("participation-verb", WordClass::ParticipationVerb),
    ("support-determiner", WordClass::SupportDeterminer),
    ("verb-object-end", WordClass::VerbObjectEnd),
    ("verb-subject-start", WordClass::VerbSubjectStart),
    ("relative-pronoun", WordClass::RelativePronoun),
    ("jointly", WordClass::Jointly),
    ("cooperation-on", WordClass::CooperationOn),
    ("cooperation-subject-start", WordClass::CooperationSubjectStart),
    ("signatory-of", WordClass::SignatoryOf),
    ("signatories-are", WordClass::SignatoriesAre),
    ("followed-by", WordClass::FollowedBy),
    ("goes-on", WordClass::GoesOn),
    ("instrument-between-end", WordClass::InstrumentBetweenEnd),
    ("phrase-determiner", WordClass::PhraseDeterminer),
    ("phrase-preposition", WordClass::PhrasePreposition),
    ("caption-side", WordClass::CaptionSide),
    ("caption-gap-break", WordClass::CaptionGapBreak),
    ("delegation", WordClass::Delegation),
    ("delegation-verb", WordClass::DelegationVerb),
    ("recalling", WordClass::Recalling),
    ("signatory", WordClass::Signatory),
    ("subject-preposition", WordClass::SubjectPreposition),
    ("member-preposition", WordClass::MemberPreposition),
    ("portfolio-preposition", WordClass::PortfolioPreposition),
    ("title-preposition", WordClass::TitlePreposition),
    ("own-possessive", WordClass::OwnPossessive),
    ("person-possessive", WordClass::PersonPossessive),
    ("all-of", WordClass::AllOf),
    ("after-participle", WordClass::AfterParticiple),
    ("year-governor", WordClass::YearGovernor),
    ("relative-word", WordClass::RelativeWord),
    ("party-plural", WordClass::PartyPlural),
    ("after-meeting-place", WordClass::AfterMeetingPlace),
    ("meeting-place-preposition", WordClass::MeetingPlacePreposition),
    ("year-determiner", WordClass::YearDeterminer),
    ("body-list-gap", WordClass::BodyListGap),
];

impl WordClass {
    fn from_name(name: &str) -> Option<WordClass> {
        CLASS_NAMES.iter().find(|(n, _)| *n == name).map(|&(_, c)| c)
    }
}

/// A fast hash for short words (FNV-1a): tables keyed by a word are looked up
/// once per token, and SipHash's resistance to chosen keys buys nothing for
/// tables built from our own data files.
#[derive(Default, Clone, Copy)]
pub struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A map keyed by words, hashed with [`WordHasher`].
pub type WordMap<V> = HashMap<&'static str, V, std::hash::BuildHasherDefault<WordHasher>>;

/// Entries by their first word: `(class, words)`, longest first.
type Index = WordMap<Vec<(WordClass, Vec<&'static str>)>>;

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut index: Index = WordMap::default();
    for (n, line) in include_str!("../data/word_classes.tsv").lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, entries) =
            line.split_once('\t').unwrap_or_else(|| panic!("word_classes.tsv:{}: no tab after the class", n + 1));
        let class = WordClass::from_name(name.trim())
            .unwrap_or_else(|| panic!("word_classes.tsv:{}: unknown class {name}", n + 1));
        for entry in entries.split(" | ") {
            let words: Vec<&'static str> = entry.split_whitespace().collect();
            if let Some(first) = words.first() {
                index.entry(first).or_default().push((class, words));
            }
        }
    }
    for v in index.values_mut() {
        v.sort_by_key(|(_, w)| std::cmp::Reverse(w.len()));
    }
    index
});

/// Lowercase forms of a sentence's tokens, the way classes are matched.
pub fn lower(tokens: &[Token<'_>]) -> Vec<String> {
    tokens.iter().map(|t| t.text.to_lowercase()).collect()
}

/// How many tokens the longest entry of `class` starting at `k` takes.
pub fn at(class: WordClass, tokens: &[Token<'_>], lower: &[String], k: usize) -> Option<usize> {
    let first = lower.get(k)?;
    let entries = INDEX.get(first.as_str())?;
    entries.iter().filter(|(c, _)| *c == class).find_map(|(_, words)| {
        let fits = words.len() <= lower.len() - k && words.iter().zip(&lower[k..]).all(|(w, l)| w == l);
        // "May" with a capital is the month, not the modal.
        let month = *first == "may" && tokens[k].text != "may";
        (fits && !month).then_some(words.len())
    })
}

/// Every entry starting at each token: `(class, length)`, longest first. One
/// lookup per token, so that a reader asking about many classes pays once.
pub fn tag(tokens: &[Token<'_>], lower: &[String]) -> Vec<Vec<(WordClass, usize)>> {
    (0..lower.len())
        .map(|k| {
            let Some(entries) = INDEX.get(lower[k].as_str()) else { return Vec::new() };
            // "May" with a capital is the month, not the modal.
            if lower[k] == "may" && tokens[k].text != "may" {
                return Vec::new();
            }
            entries
                .iter()
                .filter(|(_, words)| {
                    words.len() <= lower.len() - k && words.iter().zip(&lower[k..]).all(|(w, l)| w == l)
                })
                .map(|(c, words)| (*c, words.len()))
                .collect()
        })
        .collect()
}

/// Whether a lowercase word is a one-word entry of `class`.
pub fn is_word(class: WordClass, word: &str) -> bool {
    is_word_of(&[class], word)
}

/// The classes of which a word is a one-word entry, as a bit set (bit
/// `class as usize`): one lookup answers for every class, where a scan of
/// the word's entries grew with the classes a common word ("the", ",") is in.
#[derive(Clone, Copy, Default)]
struct ClassSet([u64; 4]);

impl ClassSet {
    fn insert(&mut self, c: WordClass) {
        let i = c as usize;
        self.0[i / 64] |= 1 << (i % 64);
    }

    fn contains(&self, c: WordClass) -> bool {
        let i = c as usize;
        self.0[i / 64] & (1 << (i % 64)) != 0
    }
}

static ONE_WORD: LazyLock<WordMap<ClassSet>> = LazyLock::new(|| {
    assert!(CLASS_NAMES.len() <= 256, "ClassSet holds 256 classes");
    let mut map: WordMap<ClassSet> = WordMap::default();
    for (word, entries) in INDEX.iter() {
        for (c, w) in entries.iter().filter(|(_, w)| w.len() == 1) {
            debug_assert_eq!(w[0], *word);
            map.entry(word).or_default().insert(*c);
        }
    }
    map
});

/// Whether a lowercase word is a one-word entry of one of `classes`.
pub fn is_word_of(classes: &[WordClass], word: &str) -> bool {
    ONE_WORD.get(word).is_some_and(|set| classes.iter().any(|&c| set.contains(c)))
}

/// The one-word entry of `class` that `word` spells in lowercase, as the data
/// file writes it: "For" in a headline is the word "for".
pub fn lowercase_entry(class: WordClass, word: &str) -> Option<&'static str> {
    let (key, entries) = INDEX.get_key_value(word.to_lowercase().as_str())?;
    entries.iter().any(|(c, w)| *c == class && w.len() == 1).then_some(*key)
}

/// Whether `phrase` (lowercase words, one space apart, as the clause reader
/// writes a preposition) is an entry of `class`.
pub fn is_entry(class: WordClass, phrase: &str) -> bool {
    let first = phrase.split(' ').next().unwrap_or_default();
    INDEX.get(first).is_some_and(|v| v.iter().any(|(c, w)| *c == class && w.iter().copied().eq(phrase.split(' '))))
}

/// Whether an entry of `class` starts at token `k`.
pub fn is(class: WordClass, tokens: &[Token<'_>], lower: &[String], k: usize) -> bool {
    at(class, tokens, lower, k).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;
    use crate::text::tokenize;

    fn check(text: &str, class: WordClass, k: usize) -> Option<usize> {
        let toks = tokenize(text, Span { start: 0, end: text.len() });
        let low = lower(&toks);
        at(class, &toks, &low, k)
    }

    #[test]
    fn every_row_names_a_known_class() {
        assert!(!INDEX.is_empty());
    }

    #[test]
    fn every_class_has_one_name_and_a_row() {
        let with_rows: std::collections::BTreeSet<WordClass> = INDEX.values().flatten().map(|(c, _)| *c).collect();
        let mut names = std::collections::BTreeSet::new();
        for (name, class) in CLASS_NAMES {
            assert!(names.insert(*name), "{name} names two classes");
            assert!(with_rows.contains(class), "{name} has no row in word_classes.tsv");
        }
        assert_eq!(CLASS_NAMES.iter().map(|(_, c)| *c).collect::<std::collections::BTreeSet<_>>().len(), names.len());
    }

    #[test]
    fn phrases_match_longest_first() {
        assert_eq!(check("Egypt took part in the mission", WordClass::Participate, 1), Some(2));
        assert_eq!(check("Japan will sign next month", WordClass::Future, 1), Some(1));
        assert_eq!(check("Japan will sign next month", WordClass::Planned, 3), Some(2));
        assert_eq!(check("Talks began in May 2024", WordClass::Planned, 3), None);
        assert_eq!(check("ESA may join", WordClass::Planned, 1), Some(1));
    }
}
