//! Relation rules over clause frames ([`crate::clause`]).
//!
//! Each rule is a record in [`RULES`]: a name (kept as the fact's evidence),
//! the predicate classes whose frames it reads, a confidence, an example
//! sentence with the fact it must give (run as a test), and a small function
//! that reads the frame's argument roles — never word offsets. One file per
//! family: [`signing`], [`participation`], [`cooperation`], [`meetings`].
//! After the rules, [`status`] gives every fact of the sentence (the older
//! window rules' too) the status of the clause that tells it.

mod cooperation;
mod meetings;
mod participation;
mod roles;
mod signing;
mod status;

use crate::clause::{Clauses, Frame};
use crate::facts::Out;
use crate::model::{Attribute, Class, Property};
use crate::ner::Sentence;
use crate::words::WordClass;

/// One rule over frames.
pub struct Rule {
    /// Its name, recorded as the evidence's rule.
    pub name: &'static str,
    /// The predicate classes whose frames it reads.
    pub predicates: &'static [WordClass],
    /// How sure it is.
    pub confidence: f32,
    /// A sentence it reads (the tests run every example).
    #[cfg_attr(not(test), allow(dead_code))]
    pub example: &'static str,
    /// The fact it gives on the example, as `subject | property | object`.
    #[cfg_attr(not(test), allow(dead_code))]
    pub gives: &'static str,
    /// What it does with a frame (or, with no predicate classes, with the sentence).
    pub apply: Apply,
}

/// How a rule reads.
pub enum Apply {
    /// Once per frame of its predicate classes.
    Frame(fn(&Cx<'_, '_>, &mut Out<'_>)),
    /// Once per sentence, over its clauses and lists (appositions).
    Sentence(fn(&Sx<'_, '_>, &mut Out<'_>)),
}

/// What a sentence rule sees.
pub struct Sx<'a, 's> {
    /// The sentence.
    pub s: &'a Sentence<'s>,
    /// Its index.
    pub si: usize,
    /// Its clauses.
    pub c: &'a Clauses,
    /// The rule.
    pub rule: &'a Rule,
    /// The year of the article's date, for a date that gives none.
    pub year: Option<i32>,
}

/// What a rule sees: the sentence, its clauses, the frame and itself.
pub struct Cx<'a, 's> {
    /// The sentence.
    pub s: &'a Sentence<'s>,
    /// Its index.
    pub si: usize,
    /// Its clauses.
    pub c: &'a Clauses,
    /// The frame.
    pub f: &'a Frame,
    /// The rule.
    pub rule: &'a Rule,
}

impl Cx<'_, '_> {
    /// The entities of lists `groups` whose class passes `keep`.
    fn of(&self, out: &Out<'_>, groups: impl IntoIterator<Item = usize>, keep: fn(Class) -> bool) -> Vec<usize> {
        let mut v: Vec<usize> = groups
            .into_iter()
            .flat_map(|g| self.c.entities(self.s, g))
            .map(|e| out.table.find(e))
            .filter(|&e| keep(out.class(e)))
            .collect();
        v.dedup();
        v
    }

    /// The first list of the clause before the frame that names a party and
    /// no preposition governs: the clause's subject ("Oh Tae-seok held a
    /// meeting and an MOU signing ceremony with Lisa Campbell").
    fn subject(&self, out: &Out<'_>) -> Vec<usize> {
        self.subject_of(out, party)
    }

    /// The entities of class `keep` in the clause's first list that no
    /// preposition governs, before the predicate.
    fn subject_of(&self, out: &Out<'_>, keep: fn(Class) -> bool) -> Vec<usize> {
        let g = self
            .c
            .groups
            .iter()
            .enumerate()
            .find(|(_, g)| g.clause == self.f.clause && g.end <= self.f.at && g.prep.is_none());
        g.map(|(i, _)| self.of(out, [i], keep)).unwrap_or_default()
    }

    /// The meeting a frame's clause speaks of without naming it ("This
    /// meeting was co-chaired by", "The session opened with"): a meeting noun
    /// before the predicate, meaning the meeting the article named last.
    /// So does a relative clause on a meeting noun ("the Dialogue's eighth
    /// meeting, which was co-chaired by"): the meeting that owns the noun,
    /// else the one named last.
    fn unnamed_meeting(&self, out: &Out<'_>) -> Option<usize> {
        let a = self.c.clauses[self.f.clause].0;
        let noun = |k: usize| meeting_noun(self.c, k);
        if (a..self.f.at).any(noun) {
            return out.last_meeting;
        }
        let relative = self.c.is(WordClass::RelativePronoun, a);
        let k = (a.saturating_sub(2)..a).rev().find(|&k| relative && noun(k))?;
        let owner = self.s.mentions.iter().rev().find(|m| m.end <= k && k <= m.end + 4 && meeting(out.class(m.entity)));
        owner.map(|m| out.table.find(m.entity)).or(out.last_meeting)
    }

    /// "Both agencies", "the two countries" as the clause's subject before
    /// the frame: the last two organisations (countries) the article named
    /// before this sentence.
    fn named_pair(&self, out: &Out<'_>) -> Vec<usize> {
        let a = self.c.clauses[self.f.clause].0;
        (a..self.f.at).filter_map(|k| self.pair_at(out, k)).find(|pool| pool.len() >= 2).unwrap_or_default()
    }

    /// At token `k`, a `pair-determiner` and a plural of countries or
    /// organisations ("the two countries", "both agencies"): the last two of
    /// them the article named (fewer when it named fewer).
    fn pair_at(&self, out: &Out<'_>, k: usize) -> Option<Vec<usize>> {
        let len = self.c.at(WordClass::PairDeterminer, k)?;
        let pool = if self.c.is(WordClass::CountryPlural, k + len) {
            &out.recent.countries
        } else if self.c.is(WordClass::AgencyPlural, k + len) {
            &out.recent.orgs
        } else {
            return None;
        };
        Some(pool[pool.len().saturating_sub(2)..].to_vec())
    }

    /// The obliques governed by one of `preps`.
    fn obl(&self, preps: &[&str]) -> Vec<usize> {
        self.c.oblique(self.f, preps).collect()
    }

    /// The obliques governed by a preposition of `class` ("on the sidelines of").
    fn obl_of(&self, class: WordClass) -> Vec<usize> {
        let of_class = |p: &str| crate::words::is_entry(class, p);
        self.f.obliques.iter().copied().filter(|&g| self.c.groups[g].prep.as_deref().is_some_and(of_class)).collect()
    }

    /// Every two of `parties` hold `p` with each other (each pair once).
    fn each_pair(&self, out: &mut Out<'_>, p: Property, parties: &[usize]) {
        for (i, &a) in parties.iter().enumerate() {
            for &b in &parties[i + 1..] {
                self.fact(out, a, p, b);
            }
        }
    }

    /// Each of `one` holds `p` with each of `other`.
    fn across(&self, out: &mut Out<'_>, p: Property, one: &[usize], other: &[usize]) {
        for &a in one {
            for &b in other {
                self.fact(out, a, p, b);
            }
        }
    }

    /// A fact with this rule's name, confidence and the frame's status.
    fn fact(&self, out: &mut Out<'_>, s: usize, p: Property, o: usize) {
        self.fact_as(out, s, p, o, self.f.status);
    }

    /// A fact with this rule's name and confidence, and `status`.
    fn fact_as(&self, out: &mut Out<'_>, s: usize, p: Property, o: usize, status: Option<crate::model::Status>) {
        out.fact_as(s, p, o, self.si, self.rule.name, self.rule.confidence, status);
    }

    /// Whether the sentence tells of a remote event ("in a virtual ceremony").
    fn remote(&self) -> bool {
        self.c.any(WordClass::Remote)
    }

    /// Whether the frame's clause speaks of parties in number ("Eight
    /// countries", "the first nations", "its members").
    fn names_many(&self) -> bool {
        let (a, b) = self.c.clauses[self.f.clause];
        (a..b).any(|k| self.c.is(WordClass::PartyPlural, k))
    }

    /// Every date of the frame, each in a clause that tells it as done.
    fn each_date(&self, out: &mut Out<'_>, event: usize) {
        let a = self.c.clauses[self.f.clause].0;
        for d in &self.f.dates {
            if self.f.status.is_none() && self.c.status_in(a, d.start, self.f.clause, true).is_none() {
                out.attr(event, Attribute::Date(d.value.clone()), self.si, self.rule.name, self.rule.confidence);
            }
        }
    }

    /// The frame's first date, for an event that plainly happened.
    fn date(&self, out: &mut Out<'_>, event: usize) {
        // "hosting the next dialogue in 2027": no date from a clause that tells anything not done.
        let a = self.c.clauses[self.f.clause].0;
        let before = self.f.dates.first().map_or(a, |d| d.start);
        if self.f.status.is_none()
            && self.c.status_in(a, before, self.f.clause, true).is_none()
            && let Some(d) = self.f.dates.first()
        {
            out.attr(event, Attribute::Date(d.value.clone()), self.si, self.rule.name, self.rule.confidence);
        }
    }
}

/// Whether a meeting or meet noun starts at token `k` ("the summit", "talks").
fn meeting_noun(c: &Clauses, k: usize) -> bool {
    c.is(WordClass::MeetNoun, k) || c.is(WordClass::MeetingNoun, k)
}

fn actor(c: Class) -> bool {
    c.is_actor()
}

fn party(c: Class) -> bool {
    c == Class::Person || c.is_actor()
}

fn country(c: Class) -> bool {
    c == Class::Country
}

fn person(c: Class) -> bool {
    c == Class::Person
}

fn agreement(c: Class) -> bool {
    c == Class::Agreement
}

fn program(c: Class) -> bool {
    c == Class::Program
}

fn meeting(c: Class) -> bool {
    c == Class::Meeting
}

fn place(c: Class) -> bool {
    c == Class::Place
}

use WordClass as W;

/// Every frame rule.
pub static RULES: &[Rule] = &[
    Rule {
        name: "apposition-role",
        predicates: &[],
        confidence: 0.8,
        example: "The MoU was signed by Simonetta Di Pippo, Director of UNOOSA, in Vienna.",
        gives: "Simonetta Di Pippo | leads | UNOOSA",
        apply: Apply::Sentence(roles::apposition),
    },
    Rule {
        name: "its-title-role",
        predicates: &[],
        confidence: 0.75,
        example: "Portugal was represented by the Portuguese Space Agency and its president, Ricardo Conde.",
        gives: "Ricardo Conde | leads | Portuguese Space Agency",
        apply: Apply::Sentence(roles::its_title),
    },
    Rule {
        name: "represented-by",
        predicates: &[],
        confidence: 0.75,
        example: "The memorandum was signed between the Italian Space Agency (ASI), represented by President Teodoro Valente, and the Egyptian Space Agency.",
        gives: "Teodoro Valente | leads | Italian Space Agency",
        apply: Apply::Sentence(roles::represented_by),
    },
    Rule {
        name: "bracketed-country",
        predicates: &[],
        confidence: 0.8,
        example: "The satellite was built by Sumitomo Corporation (Japan) for Vietnam.",
        gives: "Sumitomo Corporation | country | Japan",
        apply: Apply::Sentence(roles::bracketed_country),
    },
    Rule {
        name: "meeting-of",
        predicates: &[],
        confidence: 0.65,
        example: "Ministers met at the European Space Summit in Seville. The summit of the European Space Agency and the European Union set new goals.",
        gives: "European Space Summit | participant | European Union",
        apply: Apply::Sentence(meetings::meeting_of),
    },
    Rule {
        name: "delegation",
        predicates: &[],
        confidence: 0.7,
        example: "Ministers met at the Andean Space Forum in Quito. The Chilean delegation was led by Foreign Minister Ana Rojas.",
        gives: "Andean Space Forum | participant | Ana Rojas",
        apply: Apply::Sentence(meetings::delegation),
    },
    Rule {
        name: "meeting-in-place",
        predicates: &[],
        confidence: 0.75,
        example: "The plan was announced at the Andean Space Forum in Quito on Friday.",
        gives: "Andean Space Forum | location | Quito",
        apply: Apply::Sentence(meetings::meeting_in_place),
    },
    Rule {
        name: "meeting-topic",
        predicates: &[W::Act, W::Cover],
        confidence: 0.55,
        example: "Ministers met at the Andean Space Forum in Quito. Participants reviewed progress on the Artemis program.",
        gives: "Andean Space Forum | concerns | Artemis program",
        apply: Apply::Frame(meetings::topic),
    },
    Rule {
        name: "signatory",
        predicates: &[],
        confidence: 0.8,
        example: "Chile is the most recent signatory to the Artemis Accords.",
        gives: "Chile | signed | Artemis Accords",
        apply: Apply::Sentence(signing::signatory),
    },
    Rule {
        name: "on-behalf-of",
        predicates: &[W::Sign],
        confidence: 0.75,
        example: "Pedro Alves signed the Artemis Accords on behalf of Portugal.",
        gives: "Pedro Alves | memberOf | Portugal",
        apply: Apply::Frame(signing::on_behalf),
    },
    Rule {
        name: "meeting-name-year",
        predicates: &[],
        confidence: 0.6,
        example: "Ministers met at the UK Space Conference 2019 in Newport.",
        gives: "UK Space Conference | date | 2019",
        apply: Apply::Sentence(meetings::year_after_name),
    },
    Rule {
        name: "instrument-name-year",
        predicates: &[],
        confidence: 0.6,
        example: "Grounded in the Outer Space Treaty of 1967, the Accords set out shared principles.",
        gives: "Outer Space Treaty | date | 1967",
        apply: Apply::Sentence(signing::year_with_name),
    },
    Rule {
        name: "sign-frame",
        predicates: &[W::Sign],
        confidence: 0.8,
        example: "Peru, Chile and Colombia signed the Artemis Accords on 3 May 2024.",
        gives: "Chile | signed | Artemis Accords",
        apply: Apply::Frame(signing::active),
    },
    Rule {
        name: "sign-passive-frame",
        predicates: &[W::Sign],
        confidence: 0.8,
        example: "The Artemis Accords were signed by Peru and Chile.",
        gives: "Peru | signed | Artemis Accords",
        apply: Apply::Frame(signing::passive),
    },
    Rule {
        name: "signing-of-frame",
        predicates: &[W::SignNoun],
        confidence: 0.75,
        example: "The signing of the Artemis Accords by Peru was celebrated in Lima.",
        gives: "Peru | signed | Artemis Accords",
        apply: Apply::Frame(signing::noun),
    },
    Rule {
        name: "accede-frame",
        predicates: &[W::Accede],
        confidence: 0.8,
        example: "Rwanda and Angola joined the Artemis Accords.",
        gives: "Angola | signed | Artemis Accords",
        apply: Apply::Frame(signing::accede),
    },
    Rule {
        name: "participate-frame",
        predicates: &[W::Participate, W::Accede],
        confidence: 0.75,
        example: "Egypt and Pakistan will take part in the International Lunar Research Station, and Canada takes part in the Gateway.",
        gives: "Canada | participatesIn | Gateway",
        apply: Apply::Frame(participation::verb),
    },
    Rule {
        name: "build-frame",
        predicates: &[W::Build],
        confidence: 0.7,
        example: "The Bangabandhu Satellite-1 was built by Thales Alenia Space, and ESA operates the Gateway.",
        gives: "Thales Alenia Space | participatesIn | Bangabandhu Satellite-1",
        apply: Apply::Frame(participation::build),
    },
    Rule {
        name: "instrument-content",
        predicates: &[W::Cover],
        confidence: 0.65,
        example: "The Arrangement on Lunar Cooperation stipulates the details of the partnership on the Artemis program.",
        gives: "Arrangement on Lunar Cooperation | concerns | Artemis program",
        apply: Apply::Frame(participation::instrument_content),
    },
    Rule {
        name: "about-program",
        predicates: &[],
        confidence: 0.65,
        example: "NASA and ISRO signed an agreement on the NISAR mission.",
        gives: "agreement | concerns | NISAR",
        apply: Apply::Sentence(participation::about_program),
    },
    Rule {
        name: "led-by",
        predicates: &[],
        confidence: 0.85,
        example: "China's station is seen as a rival to the NASA-led Artemis program.",
        gives: "NASA | participatesIn | Artemis program",
        apply: Apply::Sentence(participation::led_by),
    },
    Rule {
        name: "national-crew",
        predicates: &[],
        confidence: 0.6,
        example: "The first Japanese astronaut will fly on the Artemis program.",
        gives: "Japan | participatesIn | Artemis program",
        apply: Apply::Sentence(participation::national_crew),
    },
    Rule {
        name: "partners-in-brackets",
        predicates: &[],
        confidence: 0.85,
        example: "NASA asked the other ISS partners (Russia, Japan and Canada) to extend operations.",
        gives: "Canada | participatesIn | ISS",
        apply: Apply::Sentence(participation::partners_in_brackets),
    },
    Rule {
        name: "with-as-partner",
        predicates: &[],
        confidence: 0.8,
        example: "NASA launched the SPHEREx telescope, with KASI as a partner.",
        gives: "KASI | participatesIn | SPHEREx",
        apply: Apply::Sentence(participation::with_as_partner),
    },
    Rule {
        name: "leave-frame",
        predicates: &[W::Leave],
        confidence: 0.75,
        example: "Russia is a partner in the ISS, and NASA withdrew from the ExoMars programme in 2012.",
        gives: "ended NASA | participatesIn | ExoMars programme",
        apply: Apply::Frame(participation::leave),
    },
    Rule {
        name: "participation-of-frame",
        predicates: &[W::ParticipateNoun],
        confidence: 0.7,
        example: "Japan's participation in the Gateway was confirmed.",
        gives: "Japan | participatesIn | Gateway",
        apply: Apply::Frame(participation::noun),
    },
    Rule {
        name: "cooperate-frame",
        predicates: &[W::Cooperate],
        confidence: 0.75,
        example: "JAXA cooperates with ISRO on the Lunar Polar Exploration Mission.",
        gives: "JAXA | cooperatesWith | ISRO",
        apply: Apply::Frame(cooperation::verb),
    },
    Rule {
        name: "cooperation-between-frame",
        predicates: &[W::CooperateNoun],
        confidence: 0.7,
        example: "The memorandum strengthens cooperation between France and Brazil.",
        gives: "France | cooperatesWith | Brazil",
        apply: Apply::Frame(cooperation::noun),
    },
    Rule {
        name: "country-pair",
        predicates: &[],
        confidence: 0.8,
        example: "Delegates met for the fourth U.S.-ROK Civil Space Dialogue in Washington.",
        gives: "United States | cooperatesWith | South Korea",
        apply: Apply::Sentence(cooperation::pair),
    },
    Rule {
        name: "met-frame",
        predicates: &[W::Meet],
        confidence: 0.75,
        example: "Bill Nelson met Josef Aschbacher in Paris.",
        gives: "Bill Nelson | metWith | Josef Aschbacher",
        apply: Apply::Frame(meetings::met),
    },
    Rule {
        name: "talks-between-frame",
        predicates: &[W::MeetNoun],
        confidence: 0.65,
        example: "The talks between Bill Nelson and Josef Aschbacher covered the Gateway.",
        gives: "Bill Nelson | metWith | Josef Aschbacher",
        apply: Apply::Frame(meetings::talks),
    },
    Rule {
        name: "event-with-frame",
        predicates: &[W::MeetNoun, W::SignNoun],
        confidence: 0.7,
        example: "KASA Administrator Yoon Young-bin gave a joint news conference with NASA Administrator Bill Nelson in Washington.",
        gives: "Yoon Young-bin | metWith | Bill Nelson",
        apply: Apply::Frame(meetings::event_with),
    },
    Rule {
        name: "together-frame",
        predicates: &[W::Together],
        confidence: 0.7,
        example: "U.S. Secretary of State Antony Blinken and Japan’s Foreign Minister Hayashi Yoshimasa shake hands after signing the agreement.",
        gives: "Antony Blinken | metWith | Hayashi Yoshimasa",
        apply: Apply::Frame(meetings::together),
    },
    Rule {
        name: "joined-for-frame",
        predicates: &[W::Accede],
        confidence: 0.7,
        example: "ESA Director General Josef Aschbacher joined JAXA President Hiroshi Yamakawa for the signing ceremony in Tokyo.",
        gives: "Josef Aschbacher | metWith | Hiroshi Yamakawa",
        apply: Apply::Frame(meetings::joined_for),
    },
    Rule {
        name: "caption-side-by-side",
        predicates: &[],
        confidence: 0.75,
        example: "ESA Director General Josef Aschbacher, left, and JAXA President Hiroshi Yamakawa after the signing in Paris.",
        gives: "Josef Aschbacher | metWith | Hiroshi Yamakawa",
        apply: Apply::Sentence(meetings::caption_side_by_side),
    },
    Rule {
        name: "attend-frame",
        predicates: &[W::Attend, W::Participate, W::Accede],
        confidence: 0.75,
        example: "Germany and Italy attended the G7 Summit in Hiroshima.",
        gives: "G7 Summit | participant | Italy",
        apply: Apply::Frame(meetings::attend),
    },
    Rule {
        name: "gather-frame",
        predicates: &[W::Gather],
        confidence: 0.7,
        example: "The G7 Summit is an annual forum, bringing together leaders from France, Italy and Japan.",
        gives: "G7 Summit | participant | Italy",
        apply: Apply::Frame(meetings::gather),
    },
    Rule {
        name: "act-at-meeting",
        predicates: &[W::Act],
        confidence: 0.6,
        example: "At the G7 Summit in Hiroshima, Japan announced a new lunar mission.",
        gives: "G7 Summit | participant | Japan",
        apply: Apply::Frame(meetings::act_at),
    },
    Rule {
        name: "hold-frame",
        predicates: &[W::Hold],
        confidence: 0.7,
        example: "The G7 Summit was held in Hiroshima on 19 May 2023.",
        gives: "G7 Summit | location | Hiroshima",
        apply: Apply::Frame(meetings::hold),
    },
];

/// Whether a fact's rule is a frame rule, which decides its fact's status itself.
fn is_frame_rule(rule: &str) -> bool {
    RULES.iter().any(|r| r.name == rule)
}

/// Runs every rule over the frames of sentence `si`, then gives the
/// sentence's facts (from `first.0` on) their clause's status and drops its
/// dates (from `first.1` on) read in a clause that tells something not done.
pub(crate) fn run(
    s: &Sentence<'_>,
    si: usize,
    c: &Clauses,
    out: &mut Out<'_>,
    first: (usize, usize),
    year: Option<i32>,
) {
    for rule in RULES {
        if let Apply::Sentence(apply) = rule.apply {
            apply(&Sx { s, si, c, rule, year }, out);
        }
    }
    for f in &c.frames {
        for rule in RULES.iter().filter(|r| r.predicates.contains(&f.class)) {
            if let Apply::Frame(apply) = rule.apply {
                apply(&Cx { s, si, c, f, rule }, out);
            }
        }
    }
    status::mark(s, c, out, first.0);
    status::drop_undone_dates(s, c, year, out, first.1);
    remember_meeting(s, c, out);
}

/// Keeps the meeting a sentence names last, for a later "the summit" or
/// "the delegation"; not one the sentence only recalls in an opening phrase
/// ("Recalling discussion at the 2023 Working Group, participants ...").
fn remember_meeting(s: &Sentence<'_>, c: &Clauses, out: &mut Out<'_>) {
    let opener = if c.is(WordClass::Recalling, 0) { c.lower.iter().position(|w| w == ",") } else { None };
    let named = s
        .mentions
        .iter()
        .rev()
        .filter(|m| opener.is_none_or(|comma| m.start > comma))
        .map(|m| out.table.find(m.entity))
        .find(|&e| meeting(out.class(e)));
    out.last_meeting = named.or(out.last_meeting);
}

#[cfg(test)]
mod tests {
    use super::{Apply, Cx, RULES, Rule, Sx};
    use crate::clause::Clauses;
    use crate::facts::Out;
    use crate::model::Attribute;
    use crate::{Gazetteer, clean, text};

    /// One fact a rule read: status ("" when plain), subject names, property, object names.
    type Read = (String, Vec<String>, String, Vec<String>);

    /// What `rule` alone reads in `example`.
    fn read(rule: &Rule, example: &str) -> Vec<Read> {
        let raw = format!("Example\n\n{example}");
        let gaz = Gazetteer::builtin();
        let cleaned = clean::clean(&raw);
        let spans: Vec<_> = cleaned
            .blocks
            .iter()
            .flat_map(|b| text::sentences(&raw, *b).into_iter().map(|s| (s, cleaned.title == Some(*b))))
            .collect();
        let mut tagged = crate::tag(&raw, &spans, gaz);
        let sentences = std::mem::take(&mut tagged.sentences);
        let mut out = Out::new(&mut tagged.table);
        for (si, s) in sentences.iter().enumerate() {
            let c = Clauses::read(s, &|e| out.class(e), Some(2024));
            match rule.apply {
                Apply::Sentence(apply) => apply(&Sx { s, si, c: &c, rule, year: None }, &mut out),
                Apply::Frame(apply) => {
                    for f in c.frames.iter().filter(|f| rule.predicates.contains(&f.class)) {
                        apply(&Cx { s, si, c: &c, f, rule }, &mut out);
                    }
                }
            }
            super::remember_meeting(s, &c, &mut out);
        }
        let names = |e: usize| -> Vec<String> { out.table.get(e).names.iter().cloned().collect() };
        let mut got: Vec<Read> = out
            .facts
            .iter()
            .map(|f| {
                let status = f.status.map_or("", |s| s.name()).to_string();
                (status, names(f.subject), f.property.name().to_string(), names(f.object))
            })
            .collect();
        for a in &out.attrs {
            if let Attribute::Date(v) = &a.attr {
                got.push((String::new(), names(a.subject), "date".into(), vec![v.clone()]));
            }
        }
        got
    }

    /// Every rule, alone, gives the fact its example says (`ended s | p | o`
    /// for a fact kept with a status).
    #[test]
    fn every_rule_reads_its_example() {
        let mut failures = Vec::new();
        for rule in RULES {
            let (status, rest) = ["planned ", "ended ", "negated "]
                .iter()
                .find_map(|st| rule.gives.strip_prefix(st).map(|r| (st.trim(), r)))
                .unwrap_or(("", rule.gives));
            let cells: Vec<&str> = rest.split('|').map(str::trim).collect();
            let is = |names: &[String], want: &str| names.iter().any(|n| n.eq_ignore_ascii_case(want));
            let got = read(rule, rule.example);
            if !got.iter().any(|(st, s, p, o)| st == status && is(s, cells[0]) && p == cells[1] && is(o, cells[2])) {
                failures.push(format!("{}: «{}» gives {got:?}, not {}", rule.name, rule.example, rule.gives));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// A rule gives nothing plain from a clause that tells its event as not done.
    #[test]
    fn rules_keep_what_did_not_happen_out_of_the_facts() {
        let rule = |name: &str| RULES.iter().find(|r| r.name == name).unwrap();
        for (name, sentence, status) in [
            ("sign-frame", "Peru will sign the Artemis Accords next month.", "planned"),
            ("sign-frame", "Peru has not signed the Artemis Accords.", "negated"),
            ("sign-frame", "Peru is expected to sign the Artemis Accords.", "planned"),
            ("cooperation-between-frame", "ESA suspended its cooperation with Roscosmos.", "ended"),
            ("participation-of-frame", "They discussed Japan's potential participation in the Gateway.", "planned"),
        ] {
            let got = read(rule(name), sentence);
            assert!(!got.is_empty() && got.iter().all(|(st, ..)| st == status), "{sentence}: {got:?}");
        }
    }
}
