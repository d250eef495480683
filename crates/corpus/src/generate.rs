//! Generated news articles: sentence patterns of the kinds orbitkg's
//! extractor reads, filled with gazetteer and invented names, each article
//! with the entities and facts it plants.
//!
//! Article `i` of seed `s` depends on `(s, i)` only, so a corpus can be made
//! in any order and in constant memory. The set of invented names article
//! `i` draws from grows with `i` (one more agency every 8 articles, program
//! every 3, agreement every 2, meeting every 6), so new entities keep coming,
//! while known agencies are a skewed pick in gazetteer order: NASA, ESA and
//! JAXA recur in many articles, most agencies in few.

use crate::data::{KnownAgency, pools, word};
use crate::rng::{Rng, mix};
use serde::Serialize;
use std::collections::BTreeMap;

/// One article, as `orbitkg build` reads it from a `.jsonl` line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    /// A unique identifier (`gen-SEED-INDEX`).
    pub id: String,
    /// A made-up but unique URL (`.invalid`, RFC 2606).
    pub url: String,
    /// The headline.
    pub title: String,
    /// The publication date (ISO).
    pub date: String,
    /// The body, paragraphs separated by blank lines.
    pub text: String,
}

/// An entity an article names, as the extractor should label and class it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct PlantedEntity {
    /// Its canonical label (the gazetteer label for known names).
    pub label: String,
    /// Its okg class local name, e.g. `SpaceAgency`.
    pub class: &'static str,
}

/// A fact an article states, with subject and object by label.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct PlantedFact {
    /// Subject label.
    pub subject: String,
    /// okg property local name, e.g. `signed`.
    pub property: &'static str,
    /// Object label.
    pub object: String,
}

/// What an article was made to say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Truth {
    /// The article's `id`.
    pub id: String,
    /// Its entities, sorted.
    pub entities: Vec<PlantedEntity>,
    /// Its facts, sorted.
    pub facts: Vec<PlantedFact>,
}

/// How long the body of an article grows before it stops (bytes). With the
/// headline and the JSON around it a line is about 2 KB.
const TARGET_BYTES: usize = 1850;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Titles that make their holder the head of an organisation
/// (`titles.tsv`, role `leads` or `agency`, scope `org`).
const LEADER_TITLES: [&str; 4] = ["Director General", "Chairman", "Chief Executive", "Executive Director"];

const PROGRAM_HEADS: [&str; 6] = ["Mission", "Satellite", "Orbiter", "Lunar Rover", "Telescope", "Constellation"];
const AGREEMENT_KINDS: [&str; 4] = ["Framework Agreement", "Cooperation Agreement", "Accord", "Declaration"];
const MEETING_KINDS: [&str; 4] = ["Space Forum", "Space Dialogue", "Space Conference", "Space Summit"];

const TOPICS: [&str; 10] = [
    "satellite navigation",
    "Earth observation",
    "lunar exploration",
    "space weather research",
    "climate monitoring",
    "launch services",
    "astronaut training",
    "space debris tracking",
    "disaster management",
    "planetary science",
];

const QUOTES: [&str; 8] = [
    "This agreement opens a new chapter for our space programme",
    "We are proud to work with such capable partners",
    "Space exploration is stronger when nations work together",
    "Our engineers have waited a long time for this day",
    "The data we share will help farmers and first responders alike",
    "This is only the beginning of a long partnership",
    "Together we can do far more than either of us could alone",
    "The next decade will see our young scientists reach the Moon",
];

/// Sentences that state no fact: the connective tissue of a news story.
const FILLERS: [&str; 20] = [
    "The partners will share data from orbit and train young engineers together.",
    "Officials said the first results could be published within two years.",
    "The ceremony was attended by diplomats, scientists and industry representatives.",
    "Budget details were not disclosed, but both sides described the commitment as long term.",
    "Analysts noted that the region has become one of the fastest growing space markets.",
    "The announcement follows months of technical negotiations between the two teams.",
    "Several universities are expected to join the research effort later this year.",
    "The satellites will carry optical and radar instruments built by local suppliers.",
    "Both sides agreed to meet again next year to review progress.",
    "A joint steering committee will oversee the work and report to ministers annually.",
    "Students will be offered internships at both agencies under the new arrangement.",
    "The mission is designed to operate for at least five years after launch.",
    "Engineers will test the spacecraft in thermal vacuum chambers before shipment.",
    "The programme is part of a wider effort to build capacity in the space sector.",
    "Observers described the talks as friendly and productive.",
    "The ground segment will be shared, reducing costs for both partners.",
    "More than forty scientists took part in the preparatory workshops.",
    "The launch window opens late next year, weather permitting.",
    "Further details will be released after the technical review is complete.",
    "The cooperation covers hardware, software and the training of operators.",
];

const ORDINALS: [&str; 10] =
    ["twelfth", "twentieth", "thirtieth", "latest", "fortieth", "newest", "fiftieth", "sixtieth", "third", "ninth"];

/// A party to the story: a space agency with its head.
#[derive(Debug, Clone)]
struct Agency {
    label: String,
    full: Option<String>,
    invented: bool,
    title: &'static str,
    leader: String,
    deputy: String,
}

/// A person's full name for a number: given and family names from the
/// extractor's lists.
fn person(key: u64) -> String {
    let p = pools();
    let h = mix(key);
    format!(
        "{} {}",
        p.given[(h % p.given.len() as u64) as usize],
        p.family[((h >> 32) % p.family.len() as u64) as usize]
    )
}

/// How many invented names of a kind article `i` may draw from: grows by
/// one every `per` articles, so the corpus keeps naming new things.
fn pool(i: u64, per: u64) -> usize {
    (4 + i / per) as usize
}

fn agency(rng: &mut Rng, i: u64, year: u32) -> Agency {
    let p = pools();
    let (key, label, full, invented) = if rng.chance(3, 5) {
        let k = rng.skewed(p.agencies.len(), 8);
        let KnownAgency { label, full } = &p.agencies[k];
        (k as u64, label.clone(), full.clone(), false)
    } else {
        let k = rng.below(pool(i, 8) + 12) as u64;
        (1_000_000 + k, format!("{} Space Agency", word(k * 8)), None, true)
    };
    // Heads change every four years; the title goes with the organisation.
    let term = u64::from(year / 4);
    let title = if label == "NASA" { "Administrator" } else { LEADER_TITLES[(mix(key) % 4) as usize] };
    let leader = person(key.wrapping_mul(31).wrapping_add(term));
    let deputy = person(key.wrapping_mul(31).wrapping_add(term) ^ 0x5555_5555);
    Agency { label, full, invented, title, leader, deputy }
}

fn program(rng: &mut Rng, i: u64) -> String {
    let p = pools();
    if rng.chance(1, 2) {
        p.programs[rng.skewed(p.programs.len().min(250), 3)].clone()
    } else {
        let k = rng.skewed(pool(i, 3), 2) as u64;
        format!("{} {}", word(k * 8 + 1), PROGRAM_HEADS[(mix(k) % PROGRAM_HEADS.len() as u64) as usize])
    }
}

fn agreement(rng: &mut Rng, i: u64) -> String {
    let k = rng.skewed(pool(i, 2), 2) as u64;
    format!("{} {}", word(k * 8 + 2), AGREEMENT_KINDS[(mix(k) % AGREEMENT_KINDS.len() as u64) as usize])
}

fn meeting(rng: &mut Rng, i: u64) -> String {
    let k = rng.skewed(pool(i, 6), 2) as u64;
    format!("{} {}", word(k * 8 + 3), MEETING_KINDS[(mix(k) % MEETING_KINDS.len() as u64) as usize])
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// One article being written: its sentences, and what they plant.
struct Story {
    rng: Rng,
    i: u64,
    year: u32,
    date_text: String,
    city: String,
    a: Agency,
    b: Agency,
    e: Agency,
    p: String,
    p2: String,
    g: String,
    m: String,
    country: String,
    named: BTreeMap<String, usize>,
    rounds: usize,
    entities: Vec<PlantedEntity>,
    facts: Vec<PlantedFact>,
}

impl Story {
    fn entity(&mut self, label: &str, class: &'static str) {
        self.entities.push(PlantedEntity { label: label.to_owned(), class });
    }

    fn fact(&mut self, s: &str, property: &'static str, o: &str) {
        self.facts.push(PlantedFact { subject: s.to_owned(), property, object: o.to_owned() });
    }

    /// An agency as a sentence names it.
    fn agency_np(&mut self, a: &Agency) -> String {
        self.entity(&a.label, "SpaceAgency");
        *self.named.entry(a.label.clone()).or_insert(0) += 1;
        if a.invented { format!("the {}", a.label) } else { a.label.clone() }
    }

    /// An agency spelled out with its acronym ("the Japan Aerospace
    /// Exploration Agency (JAXA)"), as the lead names it.
    fn agency_full(&mut self, a: &Agency) -> String {
        match &a.full {
            Some(full) if !self.named.contains_key(&a.label) => {
                self.entity(&a.label, "SpaceAgency");
                self.named.insert(a.label.clone(), 1);
                format!("the {full} ({})", a.label)
            }
            _ => self.agency_np(a),
        }
    }

    /// A head of an agency with the title: before the name after an acronym
    /// ("NASA Administrator Bill Nelson"), as an apposition after a longer
    /// name ("Ana Lopez, director general of the Kenya Space Agency,"). The
    /// flag says whether the text ends in an apposition (which a comma closes
    /// inside a sentence).
    fn titled(&mut self, a: &Agency, who: &str, title: &str) -> (String, bool) {
        self.entity(&a.label, "SpaceAgency");
        self.entity(who, "Person");
        if a.label.chars().all(|c| c.is_ascii_uppercase()) {
            (format!("{} {title} {who}", a.label), false)
        } else {
            // The extractor reads "executive director of" as "director of" (a
            // member, not the head), so an apposition says "director general".
            let title =
                if title == "Executive Director" { "director general".to_owned() } else { title.to_lowercase() };
            (format!("{who}, {title} of the {}", a.label), true)
        }
    }

    fn titled_leader(&mut self, a: &Agency) -> (String, bool) {
        self.fact(&a.leader, "leads", &a.label);
        self.titled(a, &a.leader.clone(), a.title)
    }

    fn program_np(&mut self, p: &str) -> String {
        self.entity(p, "Program");
        format!("the {p}")
    }

    fn sign(&mut self) -> String {
        let (a, b, g, city, date) =
            (self.a.clone(), self.b.clone(), self.g.clone(), self.city.clone(), self.date_text.clone());
        let (an, bn) = (self.agency_full(&a), self.agency_full(&b));
        self.entity(&g, "Agreement");
        self.entity(&city, "Place");
        self.fact(&a.label, "signed", &g);
        self.fact(&b.label, "signed", &g);
        format!("{} and {bn} signed the {g} in {city} on {date}.", upper_first(&an))
    }

    fn leader_said(&mut self) -> String {
        let a = if self.rng.chance(1, 2) { self.a.clone() } else { self.b.clone() };
        let (who, apposition) = self.titled_leader(&a);
        let topic = *self.rng.pick(&TOPICS);
        let comma = if apposition { "," } else { "" };
        format!("{who}{comma} said the partnership would open new opportunities in {topic}.")
    }

    fn quote(&mut self) -> String {
        let a = if self.rng.chance(1, 2) { self.b.clone() } else { self.e.clone() };
        let q = *self.rng.pick(&QUOTES);
        let (who, _) = self.titled_leader(&a);
        format!("\u{201c}{q},\u{201d} said {who}.")
    }

    fn deepen(&mut self) -> String {
        let (a, b, p) = (self.a.clone(), self.b.clone(), self.p.clone());
        let (an, bn, pn) = (self.agency_np(&a), self.agency_np(&b), self.program_np(&p));
        self.fact(&a.label, "participatesIn", &p);
        self.fact(&b.label, "participatesIn", &p);
        format!("{} and {bn} are deepening their cooperation on {pn}, officials said.", upper_first(&an))
    }

    fn joint_mission(&mut self) -> String {
        let (a, e, p) = (self.a.clone(), self.e.clone(), self.p2.clone());
        let (an, en, pn) = (self.agency_np(&a), self.agency_np(&e), self.program_np(&p));
        self.fact(&a.label, "participatesIn", &p);
        self.fact(&e.label, "participatesIn", &p);
        let since = self.year - 1 - self.rng.below(6) as u32;
        format!("{} has been a joint mission between {an} and {en} since {since}.", upper_first(&pn))
    }

    fn met(&mut self) -> String {
        let (a, b, city, date) = (self.a.clone(), self.b.clone(), self.city.clone(), self.date_text.clone());
        let ((x, xa), (y, ya)) = (self.titled_leader(&a), self.titled_leader(&b));
        self.fact(&a.leader, "metWith", &b.leader);
        self.entity(&city, "Place");
        let (xc, yc) = (if xa { "," } else { "" }, if ya { "," } else { "" });
        format!("{x}{xc} met with {y}{yc} in {city} on {date}.")
    }

    fn convened(&mut self) -> String {
        let (a, b, m, city, date) =
            (self.a.clone(), self.b.clone(), self.m.clone(), self.city.clone(), self.date_text.clone());
        let (an, bn) = (self.agency_np(&a), self.agency_np(&b));
        self.entity(&m, "Meeting");
        self.entity(&city, "Place");
        self.fact(&m, "location", &city);
        self.fact(&m, "participant", &a.label);
        self.fact(&m, "participant", &b.label);
        format!("Delegations from {an} and {bn} convened in {city} on {date} for the {m}.")
    }

    fn accords(&mut self) -> String {
        let (c, date) = (self.country.clone(), self.date_text.clone());
        self.entity(&c, "Country");
        self.entity("Artemis Accords", "Agreement");
        self.fact(&c, "signed", "Artemis Accords");
        let nth = *self.rng.pick(&ORDINALS);
        format!("Separately, {c} signed the Artemis Accords on {date}, becoming the {nth} nation to do so.")
    }

    fn cooperation(&mut self) -> String {
        let (mut a, mut e) = (self.a.clone(), self.e.clone());
        // "between the State Space Agency of Ukraine and the X Space Agency"
        // is read as one name: the name with small words goes second.
        let small_words = |x: &Agency| x.label.split(' ').any(|w| w.starts_with(char::is_lowercase));
        if small_words(&a) {
            std::mem::swap(&mut a, &mut e);
        }
        let (an, en) = (self.agency_np(&a), self.agency_np(&e));
        self.fact(&a.label, "cooperatesWith", &e.label);
        let topic = *self.rng.pick(&TOPICS);
        format!("Officials said the cooperation between {an} and {en} in {topic} has grown quickly.")
    }

    fn joins(&mut self) -> String {
        let (e, p) = (self.e.clone(), self.p.clone());
        let (en, pn) = (self.agency_np(&e), self.program_np(&p));
        self.fact(&e.label, "participatesIn", &p);
        let year = self.year - self.rng.below(3) as u32;
        format!("{} joined {pn} in {year}.", upper_first(&en))
    }

    fn deputy(&mut self) -> String {
        let a = self.a.clone();
        self.fact(&a.deputy, "memberOf", &a.label);
        let title = if a.title == "Administrator" { "Deputy Administrator" } else { "Deputy Director General" };
        let (who, apposition) = self.titled(&a, &a.deputy, title);
        let comma = if apposition { "," } else { "" };
        format!("{who}{comma} presented the technical plan to reporters.")
    }

    /// The numbers `0..n` in a random order (Fisher–Yates, our generator).
    fn shuffled(&mut self, n: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..n).collect();
        for k in (1..n).rev() {
            let j = self.rng.below(k + 1);
            order.swap(k, j);
        }
        order
    }

    /// After every pattern has been used once: the story moves on to other
    /// parties in the background (a third agency, another program, another
    /// country) and the patterns can be used again.
    fn next_round(&mut self) {
        if self.rounds > 0 {
            let year = self.year;
            self.e = agency(&mut self.rng, self.i, year);
            while self.e.label == self.a.label || self.e.label == self.b.label {
                self.e = agency(&mut self.rng, self.i, year);
            }
            self.p2 = program(&mut self.rng, self.i);
            while self.p2 == self.p {
                self.p2 = program(&mut self.rng, self.i);
            }
            self.country = self.rng.pick(&pools().countries).clone();
        }
        self.rounds += 1;
    }

    fn filler(&mut self) -> String {
        (*self.rng.pick(&FILLERS)).to_owned()
    }
}

type Pattern = fn(&mut Story) -> String;

/// The patterns of the body. The first round uses each once; later rounds
/// only the first [`BACKGROUND`] (those about the parties in the background,
/// which each round draws anew).
const PATTERNS: [Pattern; 10] = [
    Story::quote,
    Story::joint_mission,
    Story::accords,
    Story::cooperation,
    Story::joins,
    Story::leader_said,
    Story::deepen,
    Story::met,
    Story::convened,
    Story::deputy,
];

/// How many of [`PATTERNS`] later rounds use.
const BACKGROUND: usize = 5;

/// Article `index` of the corpus of seed `seed`, and what it plants.
pub fn article(seed: u64, index: u64) -> (Article, Truth) {
    let p = pools();
    let mut rng = Rng::new(seed, index);
    let i = index;
    let year = 2012 + rng.below(14) as u32;
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let date = format!("{year}-{month:02}-{day:02}");
    let date_text = format!("{} {day}, {year}", MONTHS[month - 1]);
    let a = agency(&mut rng, i, year);
    let mut b = agency(&mut rng, i, year);
    while b.label == a.label {
        b = agency(&mut rng, i, year);
    }
    let mut e = agency(&mut rng, i, year);
    while e.label == a.label || e.label == b.label {
        e = agency(&mut rng, i, year);
    }
    let prog = program(&mut rng, i);
    let mut p2 = program(&mut rng, i);
    while p2 == prog {
        p2 = program(&mut rng, i);
    }
    let g = agreement(&mut rng, i);
    let m = meeting(&mut rng, i);
    let city = rng.pick(&p.cities).clone();
    let country = rng.pick(&p.countries).clone();
    let title = format!("{} and {} deepen cooperation on {}", a.label, b.label, prog);
    let mut story = Story {
        rng,
        i,
        year,
        date_text,
        city,
        a,
        b,
        e,
        p: prog,
        p2,
        g,
        m,
        country,
        named: BTreeMap::new(),
        rounds: 0,
        entities: Vec::new(),
        facts: Vec::new(),
    };

    // The lead: a dateline and the signing.
    let dateline = format!("{}, {} {} {} \u{2014} ", story.city.to_uppercase(), day, MONTHS[month - 1], year);
    let mut paragraphs = vec![format!("{dateline}{}", story.sign())];
    let mut len = paragraphs[0].len();
    let mut order: Vec<usize> = Vec::new();
    while len < TARGET_BYTES {
        let mut para = Vec::new();
        for _ in 0..2 + story.rng.below(2) {
            if order.is_empty() {
                story.next_round();
                order = story.shuffled(if story.rounds == 1 { PATTERNS.len() } else { BACKGROUND });
            }
            let s =
                if story.rng.chance(3, 4) { PATTERNS[order.pop().unwrap_or(0)](&mut story) } else { story.filler() };
            para.push(s);
        }
        let para = para.join(" ");
        len += para.len() + 2;
        paragraphs.push(para);
    }
    let id = format!("gen-{seed}-{:07}", story.i);
    let mut entities = std::mem::take(&mut story.entities);
    entities.sort();
    entities.dedup();
    let mut facts = std::mem::take(&mut story.facts);
    facts.sort();
    facts.dedup();
    let article = Article {
        url: format!("https://news.example.invalid/{seed}/{:07}", story.i),
        id: id.clone(),
        title,
        date,
        text: paragraphs.join("\n\n"),
    };
    (article, Truth { id, entities, facts })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_are_about_two_kilobytes() {
        for i in 0..50 {
            let (a, _) = article(1, i);
            let n = serde_json::to_string(&a).unwrap().len();
            assert!((1700..2600).contains(&n), "article {i}: {n} bytes\n{}", a.text);
        }
    }

    #[test]
    fn every_article_plants_facts() {
        for i in 0..50 {
            let (_, t) = article(3, i);
            assert!(t.facts.len() >= 6, "{t:?}");
            assert!(t.entities.iter().any(|e| e.class == "Person"));
        }
    }

    #[test]
    fn the_same_index_gives_the_same_article() {
        assert_eq!(article(5, 17), article(5, 17));
        assert_ne!(article(5, 17).0.text, article(6, 17).0.text);
    }
}
