//! Mentions: which tokens name which entity, from known names, head words,
//! acronym definitions, titles and name rules.

use crate::doc::{EntityTable, LocalEntity, PersonName, actor_pair, content_words, norm, split_pair};
use crate::gazetteer::{Gazetteer, Hit};
use crate::lexicon::{self, CONNECTORS, GENERIC_MODIFIERS, NOT_NAME_WORDS, Role, Scope, TITLES};
use crate::model::{Class, Span};
use crate::names;
use crate::text::{Shape, Token};
use crate::words::{WordClass, is_word, is_word_of};
use std::collections::{BTreeSet, HashMap, HashSet};

/// How a mention names its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A full name, acronym or alias.
    Name,
    /// A nationality adjective ("Japanese") or country modifier.
    Demonym,
    /// A short form resolved in the article (a surname).
    Short,
    /// A generic reference resolved to a named entity ("the Framework", "the dialogue").
    Generic,
    /// One side of a country pair ("U.S.-ROK").
    PairPart,
}

/// A mention of an entity in a sentence.
#[derive(Debug, Clone)]
pub struct Mention {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The local entity.
    pub entity: usize,
    /// How it names it.
    pub kind: Kind,
}

/// A person's position read from a title or apposition.
#[derive(Debug, Clone)]
pub struct RoleFact {
    /// The person.
    pub person: usize,
    /// What the title relates to, when the text says.
    pub target: Option<usize>,
    /// The title's role.
    pub role: Role,
    /// The title's scope.
    pub scope: Scope,
    /// The position as written ("NASA Administrator").
    pub title: String,
    /// The title's own words ("Administrator").
    pub base: String,
    /// Sentence index.
    pub sentence: usize,
}

/// A sentence with its tokens and mentions.
#[derive(Debug, Clone)]
pub struct Sentence<'a> {
    /// Its span.
    pub span: Span,
    /// Its tokens.
    pub tokens: Vec<Token<'a>>,
    /// Its mentions, sorted by start.
    pub mentions: Vec<Mention>,
    /// Whether this is the headline.
    pub is_title: bool,
}

impl Sentence<'_> {
    /// The mention covering token `i`.
    pub fn mention_at(&self, i: usize) -> Option<&Mention> {
        self.mentions.iter().find(|m| m.start <= i && i < m.end)
    }

    fn covered(&self, a: usize, b: usize) -> bool {
        self.mentions.iter().any(|m| m.start < b && a < m.end)
    }

    pub(crate) fn insert(&mut self, m: Mention) {
        self.mentions.retain(|x| !(x.start >= m.start && x.end <= m.end));
        let pos = self.mentions.iter().position(|x| x.start > m.start).unwrap_or(self.mentions.len());
        self.mentions.insert(pos, m);
    }
}

/// Everything the tagger learned about an article.
#[derive(Debug, Default)]
pub struct Tagged<'a> {
    /// The sentences.
    pub sentences: Vec<Sentence<'a>>,
    /// The entities.
    pub table: EntityTable,
    /// Positions held by people.
    pub roles: Vec<RoleFact>,
    /// Programs named inside agreement or meeting names: `(outer, program, sentence)`.
    pub inner: Vec<(usize, usize, usize)>,
    /// Parties named in an instrument's own words ("the NASA-ISRO MoU"): `(party, instrument, sentence)`.
    pub parties: Vec<(usize, usize, usize)>,
}

fn is_name_token(t: &Token<'_>) -> bool {
    t.is_capitalized() && !NOT_NAME_WORDS.contains(&t.text) && !is_title_word(t.text)
}

pub(crate) fn is_title_word(w: &str) -> bool {
    lexicon::is_one_word_title(w)
        || matches!(
            w,
            "Deputy" | "Vice" | "Associate" | "Assistant" | "Acting" | "Former" | "Minister" | "President" | "Prime"
        )
        || names::is_honorific_word(w)
}

fn is_code(t: &Token<'_>) -> bool {
    // KPS, L4, SWFO-L1, XRISM, SPHEREx, ASIA-AQ
    t.shape == Shape::Word
        && t.text.chars().next().is_some_and(char::is_uppercase)
        && t.text.chars().filter(|c| c.is_uppercase()).count() >= 2
        || (t.text.len() >= 2
            && t.text.chars().next().is_some_and(char::is_uppercase)
            && t.text.chars().any(|c| c.is_ascii_digit()))
}

/// Headlines capitalise every word: "MBRSC Signs MoU With United Nations
/// Office For Outer Space Affairs". Inside a headline the function words are
/// read as the lowercase words they are, so that names join over them as they
/// do in the body ("Office for Outer Space Affairs") and do not swallow them.
fn lower_headline_function_words(tokens: &mut [Token<'_>]) {
    for t in tokens.iter_mut().skip(1) {
        if t.is_capitalized()
            && !crate::text::is_all_caps(t.text)
            && let Some(w) = crate::words::lowercase_entry(WordClass::HeadlineFunction, t.text)
        {
            t.text = w;
        }
    }
}

/// Tags every sentence of an article.
pub fn names<'a>(text: &'a str, sentence_spans: &[(Span, bool)], gaz: &Gazetteer) -> Tagged<'a> {
    let mut tagged = Tagged::default();
    for &(span, is_title) in sentence_spans {
        let mut tokens = crate::text::tokenize(text, span);
        if is_title {
            lower_headline_function_words(&mut tokens);
        }
        tagged.sentences.push(Sentence { span, tokens, mentions: Vec::new(), is_title });
    }
    let acronyms = acronym_bindings(&tagged.sentences, gaz);
    // Headlines are read last: their capitalisation is unreliable and their
    // names are best resolved against the body.
    let mut order: Vec<usize> = (0..tagged.sentences.len()).filter(|&i| !tagged.sentences[i].is_title).collect();
    order.extend((0..tagged.sentences.len()).filter(|&i| tagged.sentences[i].is_title));
    for &i in &order {
        let mut s = std::mem::take(&mut tagged.sentences[i].mentions);
        let sent = &tagged.sentences[i];
        let mut work =
            Sentence { span: sent.span, tokens: sent.tokens.clone(), mentions: Vec::new(), is_title: sent.is_title };
        std::mem::swap(&mut work.mentions, &mut s);
        let mut inner = Vec::new();
        known_and_headed_names(&mut work, &mut tagged.table, gaz, &acronyms, &mut inner);
        tagged.inner.extend(inner.into_iter().map(|(a, p)| (a, p, i)));
        people(&mut work, i, &mut tagged.table, &mut tagged.roles, gaz);
        acronym_definitions(&mut work, &mut tagged.table);
        tagged.sentences[i].mentions = work.mentions;
    }
    // Second pass: short forms and generic references, now that every full name is known.
    // The people and their titles are indexed once, not searched for every word.
    let people = PeopleByName::new(&tagged.table);
    let mut titled: HashSet<(usize, String)> = HashSet::new();
    let mut indexed_roles = 0;
    for &i in &order {
        for r in &tagged.roles[indexed_roles..] {
            if let Some(last) = r.base.split_whitespace().last() {
                titled.insert((tagged.table.find(r.person), last.to_string()));
            }
        }
        indexed_roles = tagged.roles.len();
        let mut work = tagged.sentences[i].clone();
        short_forms(&mut work, &mut tagged.table, &people, &titled);
        who_heads(&work, i, &mut tagged.roles);
        tagged.sentences[i].mentions = work.mentions;
    }
    merge_title_twins(&mut tagged);
    merge_name_variants(&mut tagged, gaz);
    merge_misspelt_people(&mut tagged);
    merge_program_head_variants(&mut tagged);
    tagged
}

/// Generic references ("the agency", "the Dialogue") to the named entity
/// they mean, once every name and instrument of the article is known; the
/// body first, then the headline.
pub fn refer_back(tagged: &mut Tagged<'_>) {
    let mut order: Vec<usize> = (0..tagged.sentences.len()).filter(|&i| !tagged.sentences[i].is_title).collect();
    order.extend((0..tagged.sentences.len()).filter(|&i| tagged.sentences[i].is_title));
    let named = NamedByWord::new(&tagged.table);
    for &i in &order {
        let mut work = tagged.sentences[i].clone();
        generic_references(&mut work, &named);
        tagged.sentences[i].mentions = work.mentions;
    }
}

/// The article's people with a full name, under each single name that may
/// stand for them (family name, first and last word).
struct PeopleByName(HashMap<String, Vec<usize>>);

impl PeopleByName {
    fn new(table: &EntityTable) -> PeopleByName {
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        for p in table.people() {
            let Some(n) = table.get(p).person.as_ref().filter(|n| n.tokens.len() >= 2) else { continue };
            let mut keys = vec![&n.surname, &n.tokens[0], &n.tokens[n.tokens.len() - 1]];
            keys.sort();
            keys.dedup();
            for k in keys {
                index.entry(k.clone()).or_default().push(p);
            }
        }
        PeopleByName(index)
    }
}

/// The article's meetings and agreements, under each lowercase word of their names.
struct NamedByWord {
    by_word: HashMap<(Class, String), Vec<usize>>,
    of_class: HashMap<Class, Vec<usize>>,
}

impl NamedByWord {
    fn new(table: &EntityTable) -> NamedByWord {
        let mut by_word: HashMap<(Class, String), Vec<usize>> = HashMap::new();
        let mut of_class: HashMap<Class, Vec<usize>> = HashMap::new();
        for r in table.roots() {
            let e = table.get(r);
            if !matches!(e.class, Class::Meeting | Class::Agreement) {
                continue;
            }
            of_class.entry(e.class).or_default().push(r);
            let words: BTreeSet<String> = e
                .names
                .iter()
                .flat_map(|n| n.to_lowercase().split_whitespace().map(str::to_string).collect::<Vec<_>>())
                .collect();
            for w in words {
                by_word.entry((e.class, w)).or_default().push(r);
            }
        }
        NamedByWord { by_word, of_class }
    }
}

/// Acronyms the article defines as something other than what the gazetteer
/// lists under them: `ACR -> Some(entry)` when the long form is a listed name,
/// `ACR -> None` when it is unlisted (the tagger then names it from the text).
/// An acronym defined twice, two different ways, binds to neither.
fn acronym_bindings(sentences: &[Sentence<'_>], gaz: &Gazetteer) -> HashMap<String, Option<usize>> {
    let mut out: HashMap<String, Option<usize>> = HashMap::new();
    let mut clash: BTreeSet<String> = BTreeSet::new();
    for s in sentences.iter().filter(|s| !s.is_title) {
        let t = &s.tokens;
        for k in 2..t.len().saturating_sub(1) {
            let short = t[k].text;
            if t[k - 1].text != "(" || t[k + 1].text != ")" || !is_code(&t[k]) {
                continue;
            }
            let open = k - 1;
            let own = gaz.lookup(short);
            // The longest listed name that ends right before the bracket.
            let listed = (open.saturating_sub(10)..open)
                .filter_map(|a| gaz.longest_at(t, a).filter(|h| a + h.len == open && !h.demonym).map(|h| (a, h)))
                .next();
            let binding = if let Some((a, h)) = listed {
                let long = span_text(s, a, open);
                if Some(h.entry) == own || !initials_fit(short, &[long]) {
                    continue;
                }
                Some(h.entry)
            } else {
                let mut a = open;
                while a > 0 && open - a < 8 && (t[a - 1].is_capitalized() || CONNECTORS.contains(&t[a - 1].text)) {
                    a -= 1;
                }
                while a < open && CONNECTORS.contains(&t[a].text) {
                    a += 1;
                }
                if a == open {
                    continue;
                }
                let long = span_text(s, a, open);
                let Some(entry) = own else { continue };
                let e = gaz.entry(entry);
                let same = std::iter::once(&e.label).chain(&e.aliases).any(|x| x.eq_ignore_ascii_case(&long));
                if same || !initials_fit(short, std::slice::from_ref(&long)) {
                    continue;
                }
                // Another spelling of the listed thing ("Korea Aerospace Agency (KASA)"):
                // a name of the same class and country.
                let words: Vec<&str> = t[a..open].iter().map(|t| t.text).collect();
                let class = lexicon::classify_by_head(&words).map(|(c, _, _)| c);
                let country = e.country.as_deref().and_then(|c| gaz.by_label(c));
                let same_country = country.is_none()
                    || words.iter().any(|w| gaz.country_of_modifier(w).is_some_and(|c| Some(c) == country));
                if class == Some(e.class) && same_country {
                    continue;
                }
                None
            };
            match out.get(short) {
                Some(b) if *b != binding => {
                    clash.insert(short.to_string());
                }
                _ => {
                    out.insert(short.to_string(), binding);
                }
            }
        }
    }
    for c in clash {
        out.remove(&c);
    }
    out
}

fn gaz_entity(table: &mut EntityTable, gaz: &Gazetteer, entry: usize, surface: &str) -> usize {
    let e = gaz.entry(entry);
    let class = e.class;
    table.intern(format!("g:{entry}"), surface, || LocalEntity {
        class,
        names: BTreeSet::new(),
        gaz: Some(entry),
        person: None,
        weak_class: false,
        described: None,
    })
}

fn name_key(class: Class, name: &str, gaz: &Gazetteer) -> String {
    match class {
        Class::Meeting | Class::Agreement => format!("{}:{}", class.family(), content_words(name, gaz).join(" ")),
        _ => format!("{}:{}", class.family(), norm(name)),
    }
}

/// The listed entry a name spells another way: as listed, with a serial comma
/// ("Science, and Technology"), or with its own country after it ("... of Japan").
fn listed_variant(gaz: &Gazetteer, name: &str) -> Option<usize> {
    let plain = name.replace(", and ", " and ");
    gaz.lookup(name).or_else(|| gaz.lookup(&plain)).or_else(|| {
        let (head, country) = plain.rsplit_once(" of ")?;
        let c = gaz.lookup(country).filter(|&c| gaz.entry(c).class == Class::Country)?;
        let e = gaz.lookup(head)?;
        (gaz.entry(e).country.as_deref() == Some(gaz.entry(c).label.as_str())).then_some(e)
    })
}

/// Creates or finds the entity for an unlisted name.
pub fn named_entity(table: &mut EntityTable, gaz: &Gazetteer, class: Class, name: &str, weak: bool) -> usize {
    if let Some(entry) = listed_variant(gaz, name) {
        return gaz_entity(table, gaz, entry, name);
    }
    let key = name_key(class, name, gaz);
    table.intern(key, name, || LocalEntity {
        class,
        names: BTreeSet::new(),
        gaz: None,
        person: None,
        weak_class: weak,
        described: None,
    })
}

fn person_entity(table: &mut EntityTable, tokens: &[&str]) -> usize {
    let p = PersonName::parse(tokens);
    let surface = tokens.join(" ");
    let key = format!("p:{}", p.key());
    table.intern(key, &surface, || LocalEntity {
        class: Class::Person,
        names: BTreeSet::new(),
        gaz: None,
        person: Some(p),
        weak_class: false,
        described: None,
    })
}

/// The text of tokens `a..b` of a sentence, as written.
pub fn span_text(s: &Sentence<'_>, a: usize, b: usize) -> String {
    // Rebuild with single spaces but keep no space before punctuation.
    let mut out = String::new();
    for (k, t) in s.tokens[a..b].iter().enumerate() {
        if k > 0 {
            let prev = &s.tokens[a + k - 1];
            if prev.span.end < t.span.start {
                out.push(' ');
            }
        }
        out.push_str(t.text);
    }
    out
}

/// Known names (gazetteer), capitalised names classed by their head words,
/// and country pairs.
fn known_and_headed_names(
    s: &mut Sentence<'_>,
    table: &mut EntityTable,
    gaz: &Gazetteer,
    acronyms: &HashMap<String, Option<usize>>,
    inner: &mut Vec<(usize, usize)>,
) {
    let hits = gazetteer_hits(s, gaz, acronyms);
    let taken = headed_names(s, table, gaz, &hits, inner);
    listed_names(s, table, gaz, &hits, &taken);
    shared_head_countries(s, table, gaz);
    country_acronyms(s, table, gaz);
    // Country pairs and "X-led" compounds not covered by a name.
    for k in 0..s.tokens.len() {
        if !s.covered(k, k + 1) {
            pair_parts(s, k, table, gaz);
        }
    }
    coded_programs(s, table, gaz);
    pair_meetings(s, table, gaz);
    numbered_sessions(s, table);
    agreements_on_codes(s, table, gaz);
}

/// The gazetteer's longest hit at each token where one starts, read as the
/// article reads its own acronyms, places in topics and numbered sessions.
fn gazetteer_hits(s: &Sentence<'_>, gaz: &Gazetteer, acronyms: &HashMap<String, Option<usize>>) -> Vec<Option<Hit>> {
    let n = s.tokens.len();
    let mut hits: Vec<Option<Hit>> = vec![None; n];
    let mut i = 0;
    while i < n {
        if let Some(h) = gaz.longest_at(&s.tokens, i) {
            hits[i] = Some(h);
            i += h.len;
        } else {
            i += 1;
        }
    }
    bind_article_acronyms(s, acronyms, &mut hits);
    drop_places_in_topics(s, gaz, &mut hits);
    numbered_series(s, gaz, &mut hits);
    hits
}

/// An acronym the article defines for itself is not the listed one, here and
/// wherever the article uses it: "Maritime Domain Awareness (MDA)" is not the
/// company MDA, and "Egyptian Space Agency (ESA)" is not the European one.
fn bind_article_acronyms(s: &Sentence<'_>, acronyms: &HashMap<String, Option<usize>>, hits: &mut [Option<Hit>]) {
    let mut covered_until = 0;
    for (k, hit) in hits.iter_mut().enumerate() {
        if k >= covered_until
            && let Some(&bound) = acronyms.get(s.tokens[k].text)
            && hit.is_none_or(|h| h.len == 1)
        {
            *hit = bound.map(|entry| Hit { entry, len: 1, demonym: false });
        }
        if let Some(h) = *hit {
            covered_until = covered_until.max(k + h.len);
        }
    }
}

/// A place named inside a title-case topic is not a place: "Earth Observation",
/// "Moon Exploration", "Mars Day".
fn drop_places_in_topics(s: &Sentence<'_>, gaz: &Gazetteer, hits: &mut [Option<Hit>]) {
    for k in 0..s.tokens.len().saturating_sub(1) {
        let Some(h) = hits[k] else { continue };
        if gaz.entry(h.entry).class != Class::Place || h.len != 1 {
            continue;
        }
        let next = s.tokens[k + 1].text;
        let topic = next.chars().next().is_some_and(char::is_uppercase)
            && (lexicon::TOPIC_SUFFIXES.iter().any(|e| next.ends_with(e))
                || (is_capital(next) && is_word(WordClass::TopicNoun, &next.to_lowercase())));
        if topic && hits[k + 1].is_none() {
            hits[k] = None;
        }
    }
}

/// "APRSAF-24", "COP-29": a numbered session of a listed meeting series.
fn numbered_series(s: &Sentence<'_>, gaz: &Gazetteer, hits: &mut [Option<Hit>]) {
    for (hit, t) in hits.iter_mut().zip(&s.tokens) {
        if hit.is_some() || !t.text.contains('-') {
            continue;
        }
        if let Some((series, number)) = t.text.rsplit_once('-')
            && number.chars().all(|c| c.is_ascii_digit())
            && !number.is_empty()
            && let Some(e) = gaz.lookup(series).filter(|&e| gaz.entry(e).class == Class::Meeting)
        {
            *hit = Some(Hit { entry: e, len: 1, demonym: false });
        }
    }
}

/// A headed name found in a capitalised chunk: where it runs and its class.
struct HeadedName {
    start: usize,
    end: usize,
    class: Class,
}

/// Capitalised chunks with a head word, each a name of the head's class.
/// Returns the tokens the names take, which listed names inside them leave alone.
fn headed_names(
    s: &mut Sentence<'_>,
    table: &mut EntityTable,
    gaz: &Gazetteer,
    hits: &[Option<Hit>],
    inner: &mut Vec<(usize, usize)>,
) -> Vec<bool> {
    let n = s.tokens.len();
    let mut taken = vec![false; n];
    let verbs = headline_verbs(s, hits);
    let mut i = 0;
    while i < n {
        if verbs[i] || !starts_chunk(s, i, gaz) {
            i += 1;
            continue;
        }
        // "the Board of Directors of the Saudi Space Commission": a body's board
        // is the body's to name; its chairman heads the body.
        if let Some(len) = board_of(s, i) {
            i += len;
            continue;
        }
        let mut j = chunk_end(s, i, hits, &verbs);
        if let Some(p) = sub_body_end(s, i, j, hits, gaz) {
            j = p;
        }
        // A listed name that runs past the chunk ("Ministry of Economy, Trade, and
        // Industry") is the gazetteer's to tag.
        // So is one that is the whole chunk ("the State Space Corporation
        // Roscosmos", an official name whose head is not its last word).
        if hits[i].is_some_and(|h| i + h.len >= j) {
            i += hits[i].map_or(1, |h| h.len);
            continue;
        }
        if let Some(name) = headed_name(s, i, j, hits, gaz) {
            add_headed_name(s, table, gaz, hits, inner, &name);
            for t in taken.iter_mut().take(name.end).skip(name.start) {
                *t = true;
            }
        }
        i = j.max(i + 1);
    }
    taken
}

/// In a headline, a capitalised word after "to" that names nothing known is
/// an infinitive: "ASEAN Countries Urged To Form Regional Space Agency".
fn headline_verbs(s: &Sentence<'_>, hits: &[Option<Hit>]) -> Vec<bool> {
    (0..s.tokens.len())
        .map(|k| {
            let t = &s.tokens[k];
            s.is_title
                && (lexicon::HEADLINE_VERBS.contains(&t.text)
                    || (k > 0 && s.tokens[k - 1].text == "to" && t.is_capitalized() && hits[k].is_none()))
        })
        .collect()
}

/// Whether a name's chunk may start at `i`: a capitalised word or a code, or
/// a pair of parties ("US-Japan").
fn starts_chunk(s: &Sentence<'_>, i: usize, gaz: &Gazetteer) -> bool {
    let t = &s.tokens[i];
    (t.is_capitalized() || is_code(t)) && !NOT_NAME_WORDS.contains(&t.text)
        || (t.shape == Shape::Word && t.text.contains('-') && actor_pair(t.text, gaz).is_some())
}

/// Where the run of capitalised words (and the connectors, possessives and
/// lists that join them) starting at `i` ends.
fn chunk_end(s: &Sentence<'_>, i: usize, hits: &[Option<Hit>], verbs: &[bool]) -> usize {
    let n = s.tokens.len();
    let mut j = i;
    while j < n {
        let t = &s.tokens[j];
        let camel = j > i && t.shape == Shape::Word && t.text.chars().skip(1).any(char::is_uppercase);
        if verbs[j] || (j > i && board_of(s, j).is_some()) {
            break;
        }
        // "Department of State Assistant Secretary of State … Monica Medina":
        // a person's title after a name with its head ends the name.
        if j > i && t.is_capitalized() && starts_person_title(s, j) {
            let so_far: Vec<&str> = s.tokens[i..j].iter().map(|t| t.text).collect();
            if lexicon::classify_by_head(&so_far).is_some() {
                break;
            }
        }
        if t.is_capitalized() || is_code(t) || camel || (t.shape == Shape::Number && j > i) {
            j += 1;
            continue;
        }
        // "the Quad Leaders’ Summit", "the Heads of States’ Assembly": a plural
        // possessive inside a run of capitalised words belongs to the name,
        // unless a known name ends before it ("the Philippines’ PhilSA").
        let plural_possessive = t.shape == Shape::Possessive
            && !t.text.ends_with('s')
            && s.tokens[j - 1].text.ends_with('s')
            && !(i..j).any(|k| hits[k].is_some_and(|h| k + h.len == j));
        if j > i && plural_possessive && s.tokens.get(j + 1).is_some_and(|t| t.is_capitalized()) {
            j += 1;
            continue;
        }
        // "the Summit in Japan the Prime Ministers": "the" joins a name only
        // after a connector ("Committee on the Peaceful Uses").
        if t.shape == Shape::Word && CONNECTORS.contains(&t.text) && t.text != "the" && j > i && j + 1 < n {
            match connector_joins(s, i, j, hits) {
                Some(k) => {
                    j = k;
                    continue;
                }
                None => break,
            }
        }
        match comma_list_end(s, i, j, hits) {
            Some(end) => j = end,
            None => break,
        }
    }
    j
}

/// Where the name goes on after the connector at `j` ("Committee on the
/// Peaceful Uses"), or `None` when the connector ends the name.
fn connector_joins(s: &Sentence<'_>, i: usize, j: usize, hits: &[Option<Hit>]) -> Option<usize> {
    let t = &s.tokens[j];
    let mut k = j + 1;
    // "Declaration on the Constitution of a Regional Cooperation
    // Mechanism": an instrument's topic may run on over an article.
    let article = s.tokens[k].text == "the" || (matches!(s.tokens[k].text, "a" | "an") && instrument_topic(s, i, j));
    if article && k + 1 < s.tokens.len() {
        k += 1;
    }
    let next = &s.tokens[k];
    if !(next.is_capitalized() || is_code(next)) || NOT_NAME_WORDS.contains(&next.text) {
        return None;
    }
    if t.text != "and" {
        return Some(k);
    }
    // "… Monica Medina and Assistant Secretary of State …": "and" before
    // a person's title lists people, it does not join a name.
    // "the X Agreement on A and Implementing Arrangement on B": an
    // instrument's name after "and" starts a second name.
    if starts_person_title(s, k) || (instrument_topic(s, i, j) && instrument_head_at(s, k)) {
        return None;
    }
    let prev = s.tokens[j - 1].text;
    let prev_is_head = lexicon::HEADS.iter().any(|h| h.words.last().is_some_and(|w| w == prev));
    let prev_is_known = (i..j).any(|k| hits[k].is_some_and(|h| k + h.len == j));
    let next_is_known = hits[k].is_some();
    (!(prev_is_head || prev_is_known || next_is_known)).then_some(k)
}

/// Where a list that runs on through the comma at `j` ends, when it is part
/// of the name.
fn comma_list_end(s: &Sentence<'_>, i: usize, j: usize, hits: &[Option<Hit>]) -> Option<usize> {
    // "Ministry of Economy, Trade and Industry": a portfolio list runs on
    // through commas when it closes with "and" plus a capitalised word.
    let listed_across = (i..j).any(|k| hits[k].is_some_and(|h| k + h.len > j));
    if s.tokens[j].text != "," || listed_across {
        return None;
    }
    // "Integrated Biak Telemetry, Tracking and Command (TTC) Facilities":
    // a list whose bracketed acronym spells its initials is one name.
    acronym_list(s, i, j, hits).or_else(|| {
        (portfolio_head(&s.tokens[i..j]) || instrument_topic(s, i, j)).then(|| portfolio_list(s, j, hits)).flatten()
    })
}

/// The name a chunk `i..j` holds, when its head word classes it and it is
/// neither generic nor a name the gazetteer knows.
fn headed_name(s: &Sentence<'_>, i: usize, j: usize, hits: &[Option<Hit>], gaz: &Gazetteer) -> Option<HeadedName> {
    let words: Vec<&str> = s.tokens[i..j].iter().map(|t| t.text).collect();
    let (class, hs, he) = chunk_class(s, i, j, &words, hits)?;
    let end = name_end(s, i, j, &words, (class, hs, he), hits, gaz);
    let mut start = name_start(s, i, end, class, hs, hits, gaz);
    let mut end = end;
    while end > start && CONNECTORS.contains(&s.tokens[end - 1].text) {
        end -= 1;
    }
    // "the 37th Ordinary Session of the Assembly": a sitting's number is part
    // of its name (a series keeps its name: "the fourth U.S.-ROK Dialogue").
    let sitting = he == hs + 1 && is_word(WordClass::Sitting, &words[hs].to_lowercase()) && is_capital(words[hs]);
    if class == Class::Meeting && sitting && start == i && i > 0 && lexicon::is_ordinal(s.tokens[i - 1].text) {
        start = i - 1;
    }
    if start >= end {
        return None;
    }
    // A known name covering the whole chunk wins; so does a known name of the
    // chunk's class that ends it ("Slovakia Signs Artemis Accords").
    if hits[start].is_some_and(|h| start + h.len == end) {
        return None;
    }
    let known_suffix =
        (start + 1..end).any(|k| hits[k].is_some_and(|h| k + h.len == end && gaz.entry(h.entry).class == class));
    if known_suffix {
        return None;
    }
    // Generic: nothing but the head and words that do not name ("Joint Statement",
    // "the Sixth Meeting", "Space Agency"); a country does name ("Korea Aerospace Agency").
    // Those are resolved later against the article's named entities.
    let (head_start, head_end) = (i + hs, i + he);
    let generic = (start..end).all(|k| {
        let w = s.tokens[k].text;
        (head_start..head_end).contains(&k)
            || GENERIC_MODIFIERS.contains(&w)
            || lexicon::is_ordinal(w)
            || CONNECTORS.contains(&w)
            || w.chars().all(|c| c.is_ascii_digit())
    });
    (!generic).then_some(HeadedName { start, end, class })
}

/// Whether a word is written with a capital and the rest in lowercase: "Session".
fn is_capital(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.all(|c| !c.is_uppercase())
}

/// The class of chunk `i..j` by its head (with where the head runs in
/// `words`), read in context: a dated convention is a meeting, an
/// instrument's head before a topic makes an agreement.
fn chunk_class(
    s: &Sentence<'_>,
    i: usize,
    j: usize,
    words: &[&str],
    hits: &[Option<Hit>],
) -> Option<(Class, usize, usize)> {
    let (mut class, hs, he) = lexicon::classify_by_head(words)?;
    // "the 2023 Global Space and Technology Convention held in Singapore": a
    // convention with a year or ordinal before it, or held somewhere, is a meeting.
    if class == Class::Agreement && words[hs..he] == ["Convention"] {
        let dated = (i..i + hs).any(|k| {
            lexicon::is_ordinal(s.tokens[k].text) || s.tokens[k].text.len() == 4 && s.tokens[k].shape == Shape::Number
        }) || (i >= 1 && s.tokens[i - 1].shape == Shape::Number && s.tokens[i - 1].text.len() == 4);
        let held = s.tokens.get(j).is_some_and(|t| is_word(WordClass::EventParticiple, t.text));
        if dated || held {
            class = Class::Meeting;
        }
    }
    // "Joint Statement on the Fifth Meeting of the X Dialogue", "Implementation
    // Agreement on Lunar Orbiter Mission": the head before the preposition decides.
    // So does it before an organisation's head ("Agreement on Transfer of
    // Title of the TTC Facilities").
    let unlisted_head = !(i..j).any(|k| hits[k].is_some());
    if (matches!(class, Class::Meeting | Class::Program) || (class.is_organization() && unlisted_head))
        && instrument_head_before_topic(&words[..hs])
    {
        class = Class::Agreement;
    }
    // "Ordinary Session of the Assembly of AU Heads of State", "Summit of Heads
    // of State and Government of CELAC": a meeting of a body is a meeting.
    if class.is_organization()
        && (0..hs).any(|p| {
            lexicon::HEADS.iter().any(|h| {
                h.class == Class::Meeting && h.requires.is_empty() && h.words.len() == 1 && h.words[0] == words[p]
            }) && words.get(p + 1) == Some(&"of")
        })
    {
        class = Class::Meeting;
    }
    Some((class, hs, he))
}

/// Where the name in chunk `i..j` ends: at its head, or past the head's
/// connector and tail ("Agency for Space Research"), without a country it is
/// for, a place it is in, or a person's name after it.
fn name_end(
    s: &Sentence<'_>,
    i: usize,
    j: usize,
    words: &[&str],
    (class, hs, he): (Class, usize, usize),
    hits: &[Option<Hit>],
    gaz: &Gazetteer,
) -> usize {
    let mut tail = he < words.len() && lexicon::TAIL_CONNECTORS.contains(&words[he]);
    // "signed the Accords for Uruguay": a country after "for" is who signed, not the name.
    // "the Dialogue on Space in Tokyo": where it met is not part of its name either.
    // "the National Security Council for the United States": the country it serves.
    let for_country = matches!(class, Class::Agreement | Class::Meeting) || class.is_organization();
    if tail && for_country && matches!(words[he], "for" | "in") {
        let mut k = i + he + 1;
        if s.tokens[k].text == "the" && k + 1 < j {
            k += 1;
        }
        let wanted = if words[he] == "in" { [Class::Place, Class::Country] } else { [Class::Country; 2] };
        if hits[k].is_some_and(|h| k + h.len == j && wanted.contains(&gaz.entry(h.entry).class)) {
            tail = false;
        }
    }
    if !tail {
        return quoted_end(s, i, j).unwrap_or(i + he);
    }
    let mut end = j;
    // "the Bureau of South and Central Asian Affairs Donald Lu": a name after
    // a title's body is the person's, not the body's.
    if let Some(k) = (end.saturating_sub(3)..end.saturating_sub(1)).find(|&k| {
        k > i + he + 1
            && names::is_given(s.tokens[k].text)
            && hits[k].is_none()
            && s.tokens[k + 1..end].iter().all(|t| t.is_capitalized() && t.shape == Shape::Word)
            && s.tokens[k - 1].is_capitalized()
    }) {
        end = k;
    }
    // "the Dialogue on Space in Tokyo", "the Ministry of Education in Bratislava":
    // a tail that ends in a place drops the place.
    if class != Class::Place
        && let Some(k) = (i + he..j).rev().find(|&k| s.tokens[k].text == "in")
    {
        let p = k + 1;
        let place = hits[p]
            .is_some_and(|h| p + h.len == j && matches!(gaz.entry(h.entry).class, Class::Place | Class::Country));
        if place {
            end = k;
        }
    }
    // Headlines capitalise every word: keep at most one word after a head's connector.
    // (Not over a listed name that ends the chunk: "… of the Committee on
    // Peaceful Uses of Outer Space".)
    let listed_end = (i..=i + hs).any(|k| hits[k].is_some_and(|h| k + h.len == j));
    if s.is_title && end > i + he + 2 && !listed_end {
        end = i + he + 2;
    }
    quoted_end(s, i, j).unwrap_or(end)
}

/// “Quad Satellite Data Portal”: a quoted run of capitalised words is one name.
fn quoted_end(s: &Sentence<'_>, i: usize, j: usize) -> Option<usize> {
    let quoted = i >= 1
        && j - i <= 5
        && s.tokens[i..j].iter().all(|t| t.is_capitalized() || is_code(t))
        && matches!(s.tokens[i - 1].text, "“" | "\"" | "‘")
        && s.tokens.get(j).is_some_and(|t| matches!(t.text, "”" | "\"" | "’"));
    quoted.then_some(j)
}

/// Where the name in chunk `i..end` starts, past leading words that are not
/// part of it: gazetteer names of another class (not countries), connectors,
/// a text's part, a title before its body. Ordinals stay.
fn name_start(
    s: &Sentence<'_>,
    i: usize,
    end: usize,
    class: Class,
    hs: usize,
    hits: &[Option<Hit>],
    gaz: &Gazetteer,
) -> usize {
    let mut start = i;
    // "Collaboration on the Luigi Broglio Space Centre": a body's name
    // starts after a preposition no name joins over when no head word
    // stands before it.
    if class.is_organization() {
        let connector = (i + 1..i + hs).rev().find(|&p| is_word_of(&[WordClass::BodyBreak], s.tokens[p].text));
        if let Some(p) = connector.filter(|&p| !(i..p).any(|k| names::is_head_word(s.tokens[k].text))) {
            start = p + 1;
        }
    }
    while start < end {
        match skip_before_name(s, i, start, end, class, hits, gaz) {
            Some(next) => start = next,
            None => break,
        }
    }
    // "(Assistant Secretary of) State for the Bureau of … Affairs": what comes
    // before "for" a body's head is the rest of a title, not the body's name.
    if let Some(p) = (start + 1..i + hs).rev().find(|&p| s.tokens[p].text == "for") {
        let head = if s.tokens[p + 1].text == "the" { p + 2 } else { p + 1 };
        if head == i + hs && (start..p).all(|k| s.tokens[k].is_capitalized()) {
            start = head;
        }
    }
    start
}

/// Where the name starts if the words at `start` are not part of it.
fn skip_before_name(
    s: &Sentence<'_>,
    i: usize,
    start: usize,
    end: usize,
    class: Class,
    hits: &[Option<Hit>],
    gaz: &Gazetteer,
) -> Option<usize> {
    let t = &s.tokens[start];
    // A connector left in front by a name skipped before it ("the
    // Peruvian Space Agency to the Lima Space Conference") starts nothing.
    if NOT_NAME_WORDS.contains(&t.text)
        || t.text == "the"
        || (start > i && t.is_lowercase() && CONNECTORS.contains(&t.text))
        || t.text.ends_with("-led")
        || t.text.ends_with("-based")
    {
        return Some(start + 1);
    }
    // "Article V of the Japan-U.S. Security Treaty": the part is not the treaty's name.
    if is_capital(t.text)
        && is_word(WordClass::TextPart, &t.text.to_lowercase())
        && s.tokens.get(start + 2).is_some_and(|t| t.text == "of")
    {
        return Some(start + 3);
    }
    // "Administrator of the Space Aviation Agency": the title is not part of the name.
    if let Some((tend, _)) = title_at(s, start)
        && s.tokens.get(tend).is_some_and(|t| t.text == "of")
        && tend + 1 < end
    {
        return Some(tend + 1);
    }
    let h = hits[start]?;
    let e = gaz.entry(h.entry);
    // "Gateway Treaty", "Artemis Agreement": a program may name an instrument or meeting.
    // "OECD Space Forum", "ASEAN Space Week": a meeting is often
    // named after the body that holds it.
    let same = e.class == class
        || (e.class == Class::Program && matches!(class, Class::Agreement | Class::Meeting))
        || (class == Class::Meeting && e.class == Class::InternationalOrganization);
    let country_word = e.class == Class::Country && !t.text.contains('.') && !crate::text::is_all_caps(t.text);
    (!(same || country_word) && start + h.len < end).then_some(start + h.len)
}

/// Adds a headed name as an entity and a mention, with the programs an
/// agreement or meeting names and the country pairs inside it.
fn add_headed_name(
    s: &mut Sentence<'_>,
    table: &mut EntityTable,
    gaz: &Gazetteer,
    hits: &[Option<Hit>],
    inner: &mut Vec<(usize, usize)>,
    name: &HeadedName,
) {
    let HeadedName { start, end, class } = *name;
    let e = named_entity(table, gaz, class, &span_text(s, start, end), false);
    s.insert(Mention { start, end, entity: e, kind: Kind::Name });
    if matches!(class, Class::Agreement | Class::Meeting) {
        // "Memorandum of Understanding on Martian Moons eXploration" is about MMX.
        for (k, hit) in hits.iter().enumerate().take(end).skip(start) {
            if let Some(h) = hit.filter(|h| gaz.entry(h.entry).class == Class::Program && k + h.len <= end) {
                let p = gaz_entity(table, gaz, h.entry, &span_text(s, k, k + h.len));
                inner.push((e, p));
            }
        }
    }
    // Country pairs inside the name are mentions of their countries too.
    for k in start..end {
        pair_parts(s, k, table, gaz);
    }
}

/// The gazetteer's hits that no headed name took.
fn listed_names(s: &mut Sentence<'_>, table: &mut EntityTable, gaz: &Gazetteer, hits: &[Option<Hit>], taken: &[bool]) {
    for (k, hit) in hits.iter().enumerate() {
        let Some(h) = hit else { continue };
        if taken[k..k + h.len].iter().any(|&t| t) {
            continue;
        }
        let name = span_text(s, k, k + h.len);
        let e = gaz_entity(table, gaz, h.entry, if h.demonym { &gaz.entry(h.entry).label } else { &name });
        let kind = if h.demonym { Kind::Demonym } else { Kind::Name };
        if h.demonym {
            // A demonym is not a name of the country: do not keep it as a label.
            table.get_mut(e).names.remove(&name);
        }
        s.insert(Mention { start: k, end: k + h.len, entity: e, kind });
        // A listed name built on a pair names its two sides too.
        if matches!(gaz.entry(h.entry).class, Class::Meeting | Class::Program | Class::Agreement) {
            for j in k..k + h.len {
                pair_parts(s, j, table, gaz);
            }
        }
    }
}

/// "the French and U.S. space agencies": each country's space agency, as the
/// gazetteer names it ("French space agency"), or its one listed space
/// agency ("Luxembourg and Italian space agencies"); "the Australian and
/// Japanese Governments": each country.
fn shared_head_countries(s: &mut Sentence<'_>, table: &mut EntityTable, gaz: &Gazetteer) {
    for k in 2..s.tokens.len().saturating_sub(1) {
        let agencies =
            s.tokens[k].text.eq_ignore_ascii_case("space") && s.tokens[k + 1].text.eq_ignore_ascii_case("agencies");
        let governments = s.tokens[k].text.eq_ignore_ascii_case("governments");
        if !(agencies || governments) {
            continue;
        }
        let countries = listed_countries_before(s, table, k);
        if countries.len() < 2 {
            continue;
        }
        for (a, b) in countries {
            let said = span_text(s, a, b);
            let Some(country) = s.mentions.iter().find(|m| m.start == a && m.end == b).map(|m| m.entity) else {
                continue;
            };
            let entry = if governments {
                table.get(country).gaz
            } else {
                let label = table.get(country).gaz.map(|g| gaz.entry(g).label.clone());
                gaz.lookup(&format!("{said} space agency")).or_else(|| label.and_then(|c| gaz.space_agency_of(&c)))
            };
            if let Some(entry) = entry {
                let e = gaz_entity(table, gaz, entry, &gaz.entry(entry).label.clone());
                s.mentions.retain(|m| !(m.start == a && m.end == b));
                s.insert(Mention { start: a, end: b, entity: e, kind: Kind::Name });
            }
        }
    }
}

/// The countries (by name or demonym) listed right before token `k`, last first.
fn listed_countries_before(s: &Sentence<'_>, table: &EntityTable, k: usize) -> Vec<(usize, usize)> {
    let mut j = k;
    let mut countries: Vec<(usize, usize)> = Vec::new();
    while let Some(m) = s.mentions.iter().find(|m| {
        m.end == j && (m.kind == Kind::Demonym || (m.kind == Kind::Name && table.get(m.entity).class == Class::Country))
    }) {
        countries.push((m.start, m.end));
        j = m.start;
        if j >= 1 && matches!(s.tokens[j - 1].text, "and" | ",") {
            j -= 1;
        } else {
            break;
        }
    }
    countries
}

/// An unlisted acronym after a country modifier is a body of that country: "the U.S. NMIO".
fn country_acronyms(s: &mut Sentence<'_>, table: &mut EntityTable, gaz: &Gazetteer) {
    for k in 1..s.tokens.len() {
        let t = &s.tokens[k];
        let after_country = s.mentions.iter().any(|m| {
            m.end == k && matches!(m.kind, Kind::Name | Kind::Demonym) && table.get(m.entity).class == Class::Country
        }) || (k >= 2
            && s.tokens[k - 1].shape == Shape::Possessive
            && s.mentions.iter().any(|m| m.end == k - 1 && table.get(m.entity).class == Class::Country));
        let acronym = t.is_all_caps() && t.text.chars().all(char::is_alphabetic) && (2..=6).contains(&t.text.len());
        let next_lower = s.tokens.get(k + 1).is_none_or(|n| !n.is_capitalized());
        if after_country && acronym && next_lower && !s.covered(k, k + 1) && gaz.lookup(t.text).is_none() {
            let e = named_entity(table, gaz, Class::GovernmentBody, t.text, true);
            s.insert(Mention { start: k, end: k + 1, entity: e, kind: Kind::Name });
        }
    }
}

/// A code or name followed by a lowercase program head: "ASIA-AQ mission",
/// "the Chandrayaan program"; a code before "agreement" names an agreement.
fn coded_programs(s: &mut Sentence<'_>, table: &mut EntityTable, gaz: &Gazetteer) {
    for k in 0..s.tokens.len().saturating_sub(1) {
        let t = &s.tokens[k];
        let next = s.tokens[k + 1].text;
        // "the Chandrayaan program", "the Apollo missions": a plain capitalised name works too
        // (not at a sentence start, not a word that names nothing).
        let plain_name = k > 0
            && t.is_capitalized()
            && !NOT_NAME_WORDS.contains(&t.text)
            && is_word(WordClass::PlainProgramNoun, next);
        if !(is_code(t) || plain_name) || s.covered(k, k + 1) || gaz.country_of_modifier(t.text).is_some() {
            continue;
        }
        if is_word(WordClass::ProgramKind, next) {
            let e = named_entity(table, gaz, Class::Program, t.text, false);
            table.get_mut(e).names.insert(format!("{} {}", t.text, next));
            s.insert(Mention { start: k, end: k + 1, entity: e, kind: Kind::Name });
        } else if next == "agreement" && t.text.chars().any(|c| c.is_ascii_digit()) {
            let name = format!("{} agreement", t.text);
            let e = named_entity(table, gaz, Class::Agreement, &name, false);
            s.insert(Mention { start: k, end: k + 2, entity: e, kind: Kind::Name });
        }
    }
}

/// "an agreement on L4" names the same agreement as "the L4 agreement".
fn agreements_on_codes(s: &mut Sentence<'_>, table: &mut EntityTable, gaz: &Gazetteer) {
    for k in 0..s.tokens.len().saturating_sub(2) {
        if s.tokens[k].text == "agreement" && s.tokens[k + 1].text == "on" && is_code(&s.tokens[k + 2]) {
            let code = s.tokens[k + 2].text;
            if !code.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            let name = format!("{code} agreement");
            let e = named_entity(table, gaz, Class::Agreement, &name, false);
            table.get_mut(e).names.insert(format!("agreement on {code}"));
            s.insert(Mention { start: k, end: k + 1, entity: e, kind: Kind::Name });
        }
    }
}

/// "the US-Africa Leaders summit", "the Korea-US presidential summit": a pair
/// of parties, perhaps with the leaders' word and one adjective, before a
/// lowercase meeting noun names a meeting.
fn pair_meetings(s: &mut Sentence<'_>, table: &mut EntityTable, gaz: &Gazetteer) {
    let n = s.tokens.len();
    for k in 0..n.saturating_sub(1) {
        let t = &s.tokens[k];
        if !(t.text.contains('-') && actor_pair(t.text, gaz).is_some()) {
            continue;
        }
        let word =
            |j: usize, class: WordClass| s.tokens.get(j).is_some_and(|t| is_word_of(&[class], &t.text.to_lowercase()));
        let mut j = k + 1;
        while j < k + 3 && word(j, WordClass::MeetingAdjective) {
            j += 1;
        }
        if !(word(j, WordClass::MeetingNoun) && s.tokens[j].is_lowercase()) {
            continue;
        }
        let inside_name = s.mentions.iter().any(|m| m.kind == Kind::Name && m.start <= j && k < m.end);
        if inside_name {
            continue;
        }
        let e = named_entity(table, gaz, Class::Meeting, &span_text(s, k, j + 1), false);
        s.insert(Mention { start: k, end: j + 1, entity: e, kind: Kind::Name });
        pair_parts(s, k, table, gaz);
    }
}

/// "the 62nd session of the Committee on the Peaceful Uses of Outer Space": a
/// numbered sitting of a named body is a meeting, and in one article a second
/// "62nd session of the Committee" is the same one.
fn numbered_sessions(s: &mut Sentence<'_>, table: &mut EntityTable) {
    let n = s.tokens.len();
    for k in 0..n.saturating_sub(3) {
        let (ord, head) = (s.tokens[k].text, s.tokens[k + 1].text);
        // A number, not "the annual meeting" nor "the next summit".
        let numbered = lexicon::is_ordinal(ord) && !is_word(WordClass::NotNumber, ord);
        if !numbered
            || !is_word(WordClass::NumberedSitting, head)
            || s.tokens[k + 2].text != "of"
            || s.covered(k, k + 2)
        {
            continue;
        }
        let m = if s.tokens[k + 3].text == "the" { k + 4 } else { k + 3 };
        // The body by its name ("the UN-affiliated ICG" is not named by "UN-affiliated").
        let body = s
            .mentions
            .iter()
            .find(|x| x.start == m && s.tokens[x.end - 1].text.chars().next().is_some_and(char::is_uppercase))
            .filter(|x| {
                !s.tokens[x.start..x.end].iter().any(|t| t.text.contains("-affiliated") || t.text.ends_with("-led"))
            })
            .map(|x| (x.end, table.get(x.entity).class));
        let end = match body {
            Some((end, c)) if c.is_organization() => end,
            None if s.tokens.get(m).is_some_and(|t| t.is_capitalized()) => m + 1,
            _ => continue,
        };
        let key = format!("Meeting:sitting:{}:{head}", ord.to_lowercase());
        let e = table.intern(key, &span_text(s, k, end), || LocalEntity {
            class: Class::Meeting,
            names: BTreeSet::new(),
            gaz: None,
            person: None,
            weak_class: false,
            described: None,
        });
        s.insert(Mention { start: k, end: k + 2, entity: e, kind: Kind::Name });
    }
}

/// Where a body named as part of another ends: "the Institute of Biomedical
/// Problems of the Russian Academy of Sciences" is two bodies, the first of
/// them "Institute of Biomedical Problems". The split is at the first "of"
/// whose left side has a body's head and whose right side is a whole body,
/// listed or headed (not a country: "Ministry of Science of Vietnam" is one).
fn sub_body_end(s: &Sentence<'_>, i: usize, j: usize, hits: &[Option<Hit>], gaz: &Gazetteer) -> Option<usize> {
    let words: Vec<&str> = s.tokens[i..j].iter().map(|t| t.text).collect();
    let body = |w: &[&str]| lexicon::classify_by_head(w).is_some_and(|(c, _, _)| c.is_organization());
    // The part has a name of its own: two capitalised words besides its head
    // ("Executive Council of the African Union" stays whole).
    let named = |w: &[&str]| {
        lexicon::classify_by_head(w).is_some_and(|(_, hs, he)| {
            w.iter()
                .enumerate()
                .filter(|&(k, w)| !(hs..he).contains(&k) && w.chars().next().is_some_and(char::is_uppercase))
                .count()
                >= 2
        })
    };
    (i + 2..j.saturating_sub(1)).find(|&p| {
        if s.tokens[p].text != "of" || hits[..p].iter().enumerate().any(|(k, h)| h.is_some_and(|h| k + h.len > p)) {
            return false;
        }
        let r = if s.tokens[p + 1].text == "the" { p + 2 } else { p + 1 };
        if r >= j || !body(&words[..p - i]) || !named(&words[..p - i]) {
            return false;
        }
        match hits[r] {
            Some(h) => r + h.len == j && gaz.entry(h.entry).class.is_organization(),
            None => {
                body(&words[r - i..])
                    && !(r..j).any(|k| hits[k].is_some_and(|h| !gaz.entry(h.entry).class.is_organization()))
            }
        }
    })
}

/// Whether a chunk so far is a body head with its portfolio: "Ministry of Land", "Department for Business".
fn portfolio_head(tokens: &[Token<'_>]) -> bool {
    tokens.windows(2).any(|w| {
        matches!(
            w[0].text,
            "Ministry" | "Department" | "Secretariat" | "Bureau" | "Office" | "Commission" | "Committee"
        ) && matches!(w[1].text, "of" | "for")
    })
}

/// Whether the capitalised run `a..b` names an instrument and has reached
/// its topic ("Implementing Arrangement on Operation"): a list of capitalised
/// words after it is the topic's ("on Operation, Maintenance and Utilisation").
fn instrument_topic(s: &Sentence<'_>, a: usize, b: usize) -> bool {
    let words: Vec<&str> = s.tokens[a..b].iter().map(|t| t.text).collect();
    instrument_head_before_topic(&words)
}

/// Whether an instrument's one-word head is followed by the preposition of
/// its topic among `words` ("Implementation Agreement on ...").
fn instrument_head_before_topic(words: &[&str]) -> bool {
    (0..words.len()).any(|p| {
        lexicon::HEADS.iter().any(|h| h.class == Class::Agreement && h.words.len() == 1 && h.words[0] == words[p])
            && matches!(words.get(p + 1), Some(&"on") | Some(&"of") | Some(&"for") | Some(&"concerning"))
            && words[p] != "Framework"
    })
}

/// Whether an instrument's kind word ("Agreement", "Arrangement",
/// "Memorandum") is among the first three capitalised words from `k`.
fn instrument_head_at(s: &Sentence<'_>, k: usize) -> bool {
    s.tokens[k..]
        .iter()
        .take(3)
        .take_while(|t| t.is_capitalized())
        .any(|t| lexicon::classify_by_head(&[t.text]).is_some_and(|(c, _, _)| c == Class::Agreement))
}

/// After a comma at `comma`: `Word+ (, Word+)* ,? and Word+`, all capitalised
/// and unlisted; returns where it ends.
fn portfolio_list(s: &Sentence<'_>, comma: usize, hits: &[Option<Hit>]) -> Option<usize> {
    let n = s.tokens.len();
    let word = |k: usize| {
        k < n
            && s.tokens[k].is_capitalized()
            && s.tokens[k].shape == Shape::Word
            && !NOT_NAME_WORDS.contains(&s.tokens[k].text)
            && hits[k].is_none()
    };
    let mut k = comma + 1;
    for _ in 0..6 {
        if !word(k) {
            return None;
        }
        while word(k) {
            k += 1;
        }
        match s.tokens.get(k).map(|t| t.text) {
            Some(",") if s.tokens.get(k + 1).is_some_and(|t| t.text == "and") && word(k + 2) => k += 2,
            Some(",") => k += 1,
            Some("and") if word(k + 1) => k += 1,
            _ => return None,
        }
        if s.tokens[k - 1].text == "and" {
            while word(k) {
                k += 1;
            }
            return Some(k);
        }
    }
    None
}

/// The end (past the closing bracket) of a list of capitalised words from
/// the comma at `comma` on, inside a chunk begun at `from`, when an acronym
/// in brackets right after it spells the initials of the list's last words:
/// "Telemetry, Tracking and Command (TTC)".
fn acronym_list(s: &Sentence<'_>, from: usize, comma: usize, hits: &[Option<Hit>]) -> Option<usize> {
    let end = portfolio_list(s, comma, hits)?;
    let text = |k: usize| s.tokens.get(k).map_or("", |t| t.text);
    let code = s.tokens.get(end + 1).filter(|c| is_code(c) && text(end) == "(" && text(end + 2) == ")")?;
    let letters: Vec<char> =
        code.text.chars().filter(char::is_ascii_alphabetic).map(|c| c.to_ascii_lowercase()).collect();
    let initials: Vec<char> = s.tokens[from..end]
        .iter()
        .filter(|t| t.is_capitalized() && t.shape == Shape::Word)
        .filter_map(|t| t.text.chars().next())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (letters.len() >= 2 && initials.ends_with(&letters)).then_some(end + 3)
}

/// Marks both countries of a pair token (`U.S.-ROK`) and the actor of `X-led`.
fn pair_parts(s: &mut Sentence<'_>, k: usize, table: &mut EntityTable, gaz: &Gazetteer) {
    let t = s.tokens[k].text;
    if !t.contains('-') {
        return;
    }
    if let Some((a, b)) = actor_pair(t, gaz) {
        let ea = gaz_entity(table, gaz, a, &gaz.entry(a).label.clone());
        let eb = gaz_entity(table, gaz, b, &gaz.entry(b).label.clone());
        if !s.mentions.iter().any(|m| m.start == k && m.kind == Kind::PairPart) {
            s.mentions.push(Mention { start: k, end: k + 1, entity: ea, kind: Kind::PairPart });
            s.mentions.push(Mention { start: k, end: k + 1, entity: eb, kind: Kind::PairPart });
            s.mentions.sort_by_key(|m| m.start);
        }
        return;
    }
    let parts = split_pair(t);
    if parts.len() == 2
        && matches!(
            parts[1],
            "led" | "based" | "built" | "run" | "funded" | "developed" | "operated" | "backed" | "designed" | "made"
        )
    {
        // "NASA-led", "UK-built", and a demonym: "Chinese-backed".
        if let Some(e) = gaz.lookup(parts[0]).or_else(|| gaz.country_of_modifier(parts[0])) {
            let ent = gaz_entity(table, gaz, e, parts[0]);
            if !s.covered(k, k + 1) {
                s.insert(Mention { start: k, end: k + 1, entity: ent, kind: Kind::PairPart });
            }
        }
    }
}

/// Finds a title starting at token `start`; returns its end.
pub(crate) fn title_at(s: &Sentence<'_>, start: usize) -> Option<(usize, &'static lexicon::Title)> {
    for t in lexicon::titles_for(s.tokens.get(start)?.text) {
        let n = t.words.len();
        if start + n > s.tokens.len() {
            continue;
        }
        let ok = s.tokens[start..start + n].iter().zip(&t.words).all(|(tok, w)| {
            tok.text == w
                || w.strip_suffix('.') == Some(tok.text)
                || (w.chars().next().is_some_and(char::is_lowercase) && tok.text.to_lowercase() == *w)
        });
        if ok {
            return Some((start + n + abbreviation_dot(s, start + n), t));
        }
    }
    None
}

/// 1 when the token before `end` is an abbreviated title whose period the
/// tokenizer split off ("Dr", "." in "Dr. Anna Berg"), else 0.
fn abbreviation_dot(s: &Sentence<'_>, end: usize) -> usize {
    let abbreviated = end >= 1 && names::ABBREVIATED_TITLES.contains(&s.tokens[end - 1].text);
    usize::from(abbreviated && s.tokens.get(end).is_some_and(|t| t.text == "."))
}

/// A title in any case ("chief executive officer of the Rwanda Space Agency"), as
/// appositions write them.
fn title_at_any_case(s: &Sentence<'_>, start: usize) -> Option<(usize, &'static lexicon::Title)> {
    lexicon::titles_for_any_case(s.tokens.get(start)?.text).find_map(|t| {
        let n = t.words.len();
        let ok = start + n <= s.tokens.len()
            && s.tokens[start..start + n].iter().zip(&t.words).all(|(tok, w)| tok.text.eq_ignore_ascii_case(w));
        ok.then(|| (start + n + abbreviation_dot(s, start + n), t))
    })
}

/// The name tokens after position `i`: capitalised words, initials, uppercase
/// surnames, particles inside the name ("Maria da Silva", "Salman bin Hamad Al
/// Khalifa") and a closing suffix ("Jr."). At most six words.
fn name_after(s: &Sentence<'_>, i: usize) -> usize {
    let n = s.tokens.len();
    let mut j = i;
    let mut words = 0;
    let mut last_word_end = i;
    while j < n && words < 6 {
        let t = &s.tokens[j];
        if s.covered(j, j + 1) {
            break;
        }
        // An initial: "John F. Kennedy", "V. Narayanan", "K. R. Sridhar".
        let initial = t.text.chars().count() == 1
            && t.text.chars().all(char::is_uppercase)
            && s.tokens.get(j + 1).is_some_and(|p| p.text == ".");
        if initial && (j > i || s.tokens.get(j + 2).is_some_and(|t| is_name_token(t) || t.text.chars().count() == 1)) {
            j += 2;
            words += 1;
            continue;
        }
        // Particles join two name words: "Jean-Luc Van der Berg", "Abdullah bin Amer".
        if j > i && (names::is_particle(t.text) || names::is_cap_particle(t.text)) {
            let mut k = j;
            while k < n
                && k < j + 3
                && (names::is_particle(s.tokens[k].text) || names::is_cap_particle(s.tokens[k].text))
            {
                k += 1;
            }
            let next_is_name = s.tokens.get(k).is_some_and(|t| {
                is_name_token(t) && t.shape == Shape::Word && !names::is_head_word(t.text) && !s.covered(k, k + 1)
            });
            if next_is_name {
                j = k;
                continue;
            }
            break;
        }
        if is_name_token(t) && t.shape == Shape::Word && !names::is_head_word(t.text) {
            j += 1;
            words += 1;
            last_word_end = j;
            continue;
        }
        // "Theresa May said", "Brian May": a month after a given name, with no
        // day number after it, is the family name.
        let month = lexicon::MONTHS.iter().any(|(m, _)| *m == t.text);
        let after_given = j > i && names::is_given(s.tokens[j - 1].text);
        let dated = s.tokens.get(j + 1).is_some_and(|d| d.shape == Shape::Number);
        if month && after_given && !dated {
            j += 1;
            words += 1;
            last_word_end = j;
            continue;
        }
        break;
    }
    j = j.max(last_word_end);
    // "Joel Marciano Jr.", "Joel Marciano, Jr.".
    if words >= 2 {
        let mut k = j;
        if s.tokens.get(k).is_some_and(|t| t.text == ",") {
            k += 1;
        }
        if s.tokens.get(k).is_some_and(|t| names::SUFFIXES.contains(&t.text)) {
            k += 1;
            if s.tokens.get(k).is_some_and(|t| t.text == ".") {
                k += 1;
            }
            j = k;
        }
    }
    j
}

fn name_words(s: &Sentence<'_>, a: usize, b: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut k = a;
    while k < b {
        let t = s.tokens[k].text;
        if t == "," {
            k += 1;
            continue;
        }
        let abbreviated = t.chars().count() == 1 || names::SUFFIXES.contains(&t);
        if abbreviated && k + 1 < b && s.tokens[k + 1].text == "." {
            // Keep "F." and "Jr." as one word.
            out.push(format!("{t}."));
            k += 2;
            continue;
        }
        out.push(t.to_string());
        k += 1;
    }
    out
}

/// The modifier right before a title: a country, demonym, organisation, or
/// an unknown acronym (which becomes an organisation).
fn modifier_before(
    s: &mut Sentence<'_>,
    title_start: usize,
    table: &mut EntityTable,
    gaz: &Gazetteer,
    class_hint: Class,
) -> Option<usize> {
    let mut k = skip_current_post(s, title_start);
    if k > 0 && s.tokens[k - 1].shape == Shape::Possessive {
        k -= 1;
    }
    if k == 0 {
        return None;
    }
    if let Some(m) = s.mentions.iter().find(|m| m.end == k && m.kind != Kind::PairPart) {
        return Some(m.entity);
    }
    // "Ruritanian Space Agency (RSA) CEO Anna Berg": the body before its acronym.
    if k >= 4
        && s.tokens[k - 1].text == ")"
        && s.tokens[k - 3].text == "("
        && s.tokens[k - 2].is_all_caps()
        && let Some(m) = s.mentions.iter().find(|m| m.end == k - 3 && m.kind == Kind::Name)
    {
        return Some(m.entity);
    }
    let t = &s.tokens[k - 1];
    // "Science and ICT Minister": the acronym ends a longer portfolio, it names nothing alone.
    let in_portfolio = k >= 2 && matches!(s.tokens[k - 2].text, "and" | "&" | "of");
    if t.is_all_caps()
        && t.text.chars().all(|c| c.is_alphabetic())
        && t.text.len() <= 8
        && !s.covered(k - 1, k)
        && !is_title_word(t.text)
        && !in_portfolio
    {
        let e = named_entity(table, gaz, class_hint, t.text, true);
        s.insert(Mention { start: k - 1, end: k, entity: e, kind: Kind::Name });
        return Some(e);
    }
    None
}

/// The organisation named by "of (the) ORG" right after a title.
/// Where a title's modifiers begin, going back over words that say the post
/// is held now ("Australia's new Prime Minister", "the acting Administrator");
/// "former" is not one of them.
fn skip_current_post(s: &Sentence<'_>, title_start: usize) -> usize {
    const CURRENT: &[&str] = &["new", "newly", "current", "incumbent", "acting", "interim", "incoming", "elected"];
    let mut k = title_start;
    // "State Department Acting Assistant Secretary": capitalised as a title's part.
    while k > 0 && title_start - k < 2 && CURRENT.contains(&s.tokens[k - 1].text.to_lowercase().as_str()) {
        k -= 1;
    }
    k
}

/// "The Council appointed Dr. Tidiane Ouattara as Chairman of the African
/// Space Council": a person named right before "as" and a title holds it.
fn as_title(s: &Sentence<'_>, si: usize, table: &EntityTable, roles: &mut Vec<RoleFact>) {
    for k in 1..s.tokens.len().saturating_sub(2) {
        if s.tokens[k].text != "as" {
            continue;
        }
        let Some(person) = s.mentions.iter().find(|m| m.end == k && table.get(m.entity).class == Class::Person) else {
            continue;
        };
        let Some((tend, title)) = title_at(s, k + 1) else { continue };
        let target = of_org_after(s, tend);
        if title.role == Role::None || target.is_none() {
            continue;
        }
        roles.push(RoleFact {
            person: person.entity,
            target,
            role: title.role,
            scope: title.scope,
            title: span_text(s, k + 1, tend),
            base: title.words.join(" "),
            sentence: si,
        });
    }
}

/// Where a minister's portfolio ends after the title ending at `tend`:
/// "Minister of International Cooperation", "Minister of Education, Culture,
/// Sports, Science and Technology" (capitalised words no name covers, joined
/// by commas and "and"); `tend` itself for any other title.
fn minister_portfolio_end(s: &Sentence<'_>, tend: usize, title: &[String]) -> usize {
    let of = s.tokens.get(tend).is_some_and(|t| matches!(t.text, "of" | "for"));
    if !of || title.last().is_none_or(|w| w != "Minister") {
        return tend;
    }
    let word = |k: usize| {
        s.tokens.get(k).is_some_and(|t| t.is_capitalized() && t.shape == Shape::Word) && !s.covered(k, k + 1)
    };
    let mut k = tend + 1;
    let mut end = tend;
    while word(k) {
        while word(k) {
            k += 1;
        }
        end = k;
        match s.tokens.get(k).map(|t| t.text) {
            Some("," | "and" | "&") if word(k + 1) => k += 1,
            Some(",") if s.tokens.get(k + 1).is_some_and(|t| t.text == "and") && word(k + 2) => k += 2,
            _ => break,
        }
    }
    end
}

/// The length of "Board of Directors of (the)" (or of Trustees, of
/// Governors) starting at `i`.
fn board_of(s: &Sentence<'_>, i: usize) -> Option<usize> {
    let text = |k: usize| s.tokens.get(k).map_or("", |t| t.text);
    let board = text(i) == "Board"
        && text(i + 1) == "of"
        && matches!(text(i + 2), "Directors" | "Trustees" | "Governors")
        && text(i + 3) == "of";
    board.then(|| if text(i + 4) == "the" { 5 } else { 4 })
}

fn of_org_after(s: &Sentence<'_>, i: usize) -> Option<usize> {
    let mut k = i;
    if s.tokens.get(k).map(|t| t.text) != Some("of") {
        return None;
    }
    k += 1;
    if s.tokens.get(k).map(|t| t.text) == Some("the") {
        k += 1;
    }
    // "Chairman of the Board of Directors of the X": the chairman heads X.
    k += board_of(s, k).unwrap_or(0);
    let m = s.mentions.iter().find(|m| m.start == k && matches!(m.kind, Kind::Name | Kind::Demonym))?;
    // "of the U.S. National Space Council": the body, not its country.
    if let Some(body) = s.mentions.iter().find(|x| x.start == m.end && x.kind == Kind::Name) {
        return Some(body.entity);
    }
    Some(m.entity)
}

/// "Science and ICT Minister Lim Hye-sook": the portfolio a minister's title
/// carries before it, capitalised words that name nothing (joined by "and",
/// "&" or commas); where it starts.
fn portfolio_before(s: &Sentence<'_>, k: usize, title: &[String]) -> Option<usize> {
    if title != ["Minister"] {
        return None;
    }
    let mut a = k;
    while a > 0 {
        let t = &s.tokens[a - 1];
        let word = t.is_capitalized() && !NOT_NAME_WORDS.contains(&t.text) && s.mention_at(a - 1).is_none();
        let joint = matches!(t.text, "and" | "&" | ",") && a < k;
        if !(word || joint) {
            break;
        }
        a -= 1;
    }
    while a < k && !s.tokens[a].is_capitalized() {
        a += 1;
    }
    (a < k).then_some(a)
}

/// Whether a deputy's word stands right before the title at `k`.
fn deputy_before(s: &Sentence<'_>, k: usize) -> bool {
    k >= 1 && is_word_of(&[WordClass::Deputy], &s.tokens[k - 1].text.to_lowercase())
}

/// Past what may stand between a title's body and the person's name: a
/// bracketed aside ("Glavkosmos (part of Roscosmos State Corporation)
/// Natalia Lokteva") and the body the first is part of ("Human Space Flight
/// Centre (HSFC) of Indian Space Research Organization (ISRO) Dr. S. Nair").
fn skip_asides(s: &Sentence<'_>, mut j: usize) -> usize {
    loop {
        if s.tokens.get(j).is_some_and(|t| t.text == "(") {
            match (j + 1..(j + 8).min(s.tokens.len())).find(|&k| s.tokens[k].text == ")") {
                Some(close) => j = close + 1,
                None => return j,
            }
        } else if let Some(m) =
            of_org_after(s, j).and_then(|org| s.mentions.iter().find(|m| m.entity == org && m.start > j))
        {
            j = m.end;
        } else {
            return j;
        }
    }
}

/// The first words of titles, as written: a cheap test before matching titles.
static TITLE_FIRST_WORDS: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| TITLES.iter().filter_map(|t| t.words.first()).map(String::as_str).collect());

/// Whether a title of a person's position ("Assistant Secretary", "Administrator")
/// starts at token `k`.
fn starts_person_title(s: &Sentence<'_>, k: usize) -> bool {
    TITLE_FIRST_WORDS.contains(s.tokens[k].text) && title_at(s, k).is_some_and(|(_, t)| t.role != Role::None)
}

/// The last words of titles, in lowercase: a cheap test before matching titles.
static TITLE_LAST_WORDS: std::sync::LazyLock<std::collections::HashSet<String>> =
    std::sync::LazyLock::new(|| TITLES.iter().filter_map(|t| t.words.last()).map(|w| w.to_lowercase()).collect());

/// "The Ruritanian Space Agency's deputy director, K. R. Sridhar, said": a title
/// (any case) after a named body, then the name between commas.
fn title_comma_name(s: &mut Sentence<'_>, si: usize, table: &mut EntityTable, roles: &mut Vec<RoleFact>) {
    let n = s.tokens.len();
    for k in 2..n.saturating_sub(2) {
        if s.tokens[k].text != "," || !TITLE_LAST_WORDS.contains(s.tokens[k - 1].text.to_lowercase().as_str()) {
            continue;
        }
        let Some((j, title)) = (k.saturating_sub(4)..k)
            .find_map(|j| title_at_any_case(s, j).filter(|(e, _)| *e == k).map(|(_, t)| (j, t)))
        else {
            continue;
        };
        if title.role == Role::None || s.covered(j, k) {
            continue;
        }
        let mut m = skip_current_post(s, j);
        if s.tokens[m - 1].shape == Shape::Possessive {
            m -= 1;
        }
        let Some(org) = s
            .mentions
            .iter()
            .find(|x| x.end == m && x.kind == Kind::Name && table.get(x.entity).class != Class::Person)
            .map(|x| x.entity)
        else {
            continue;
        };
        // "Foreign Minister, Ms Penny Wong": an honorific before the name.
        let first = match title_at(s, k + 1) {
            Some((h, t)) if t.role == Role::None && names::is_honorific(&t.words) => h,
            _ => k + 1,
        };
        let existing = s.mentions.iter().find(|x| x.start == first && table.get(x.entity).class == Class::Person);
        let (person, end) = match existing {
            Some(x) => (x.entity, x.end),
            None => {
                let end = name_after(s, first);
                let words = name_words(s, first, end);
                if words.len() < 2 {
                    continue;
                }
                let words: Vec<&str> = words.iter().map(String::as_str).collect();
                let e = person_entity(table, &words);
                (e, end)
            }
        };
        // The apposition closes after the name (a comma, the sentence's end).
        if s.tokens.get(end).is_some_and(|t| !matches!(t.text, "," | "." | ";" | ")")) {
            continue;
        }
        if existing.is_none() {
            s.insert(Mention { start: first, end, entity: person, kind: Kind::Name });
        }
        roles.push(RoleFact {
            person,
            target: Some(org),
            role: title.role,
            scope: title.scope,
            title: span_text(s, j, k),
            base: title.words.join(" "),
            sentence: si,
        });
    }
}

/// Words between an apposition's comma and its title that do not change the
/// role ("a former NASA astronaut", "executive secretary of the ...").
const APPOSITION_MODIFIERS: &[&str] = &[
    "former",
    "then",
    "current",
    "incumbent",
    "outgoing",
    "newly",
    "appointed",
    "executive",
    "senior",
    "principal",
    "acting",
    "interim",
];

/// People named without a title next to them: a run of name words
/// (`name_after`) that starts with a known given name, is a known family name
/// followed by a given name (family-first order), ends with a known family
/// name, or comes before a verb people do ("said", "signed", "met").
/// Headlines capitalise every word, so there only given name + family name counts.
fn untitled_people(s: &mut Sentence<'_>, table: &mut EntityTable, gaz: &Gazetteer) {
    let mut k = 0;
    while k < s.tokens.len() {
        let Some((start, end)) = untitled_name_at(s, k, gaz) else {
            k += 1;
            continue;
        };
        let words = name_words(s, start, end);
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let e = person_entity(table, &words);
        s.insert(Mention { start, end, entity: e, kind: Kind::Name });
        k = end;
    }
}

/// Whether a name at `k` is the agent a person's act names after "by": "the
/// MoU was signed by Jack Ward", "represented by", "chaired by". Such a run
/// of name words is a person's even when its words are English words too.
fn agent_of_act(s: &Sentence<'_>, k: usize) -> bool {
    k >= 2 && s.tokens[k - 1].text == "by" && is_word(WordClass::PersonAct, s.tokens[k - 2].text)
}

/// Whether a person's name may start at `k`: a plain capitalised word after
/// a boundary, not inside a run of capitalised words ("Ministry of Science
/// and Prof. Doan ..."), nor after "the" ("the Rosalind Franklin rover").
fn may_start_untitled_name(s: &Sentence<'_>, k: usize) -> bool {
    let t = &s.tokens[k];
    if !is_name_token(t) || t.shape != Shape::Word || s.covered(k, k + 1) || names::is_cap_particle(t.text) {
        return false;
    }
    let prev = k.checked_sub(1).map(|p| &s.tokens[p]);
    let boundary = prev.is_none_or(|p| {
        !(p.is_capitalized() || p.text.eq_ignore_ascii_case("the"))
            || s.covered(k - 1, k)
            || is_title_word(p.text)
            || (k == 1 && NOT_NAME_WORDS.contains(&p.text) && p.text != "The")
    });
    // "The UK-built Rosalind Franklin": a determiner and a modifier make a name a thing's.
    let determined = k >= 2
        && s.tokens[k - 2].text.eq_ignore_ascii_case("the")
        && !is_title_word(s.tokens[k - 1].text)
        && s.tokens[k - 1].shape == Shape::Word;
    boundary && !determined
}

/// Whether the run of name words `k..end` names something other than a
/// person: a word that is an acronym or a known name of anything else, or a
/// head after it ("US-Africa Leaders Summit", "Rosalind Franklin rover").
fn names_something_else(s: &Sentence<'_>, k: usize, end: usize, gaz: &Gazetteer) -> bool {
    let bad = (k..end).any(|j| {
        let w = s.tokens[j].text;
        s.tokens[j].shape == Shape::Word
            && w.chars().count() > 1
            && (crate::text::is_all_caps(w) && !names::SUFFIXES.contains(&w)
                || gaz.lookup(w).is_some()
                || split_pair(w).iter().any(|p| gaz.lookup(p).is_some()))
    });
    let before_head = s
        .tokens
        .get(end)
        .is_some_and(|t| names::is_head_word(t.text) || (t.is_lowercase() && names::THING_HEADS.contains(&t.text)));
    bad || before_head
}

/// The person's name that a run of name words starting at `k` holds, if any (see `untitled_people`).
fn untitled_name_at(s: &Sentence<'_>, k: usize, gaz: &Gazetteer) -> Option<(usize, usize)> {
    let t = &s.tokens[k];
    if !may_start_untitled_name(s, k) {
        return None;
    }
    let mut end = name_after(s, k);
    // Cheap evidence first: most capitalised runs hold no known name and no verb follows.
    let verb_after = s.tokens.get(end).is_some_and(|v| names::PERSON_VERBS.contains(&v.text)) || agent_of_act(s, k);
    let initial = t.text.len() == 1 && s.tokens.get(k + 1).is_some_and(|p| p.text == ".");
    if end < k + 2
        || !(verb_after
            || initial
            || (k..end).any(|j| names::is_given(s.tokens[j].text) || names::is_family(s.tokens[j].text)))
    {
        return None;
    }
    if names_something_else(s, k, end, gaz) {
        return None;
    }
    let mut word_at: Vec<usize> = (k..end)
        .filter(|&j| {
            let w = s.tokens[j].text;
            s.tokens[j].shape == Shape::Word
                && !names::is_any_particle(w)
                && !names::SUFFIXES.contains(&w)
                && w.chars().count() > 1
        })
        .collect();
    let initial_first = t.text.chars().count() == 1 && s.tokens.get(k + 1).is_some_and(|t| t.text == ".");
    if word_at.len() < 2 && !(initial_first && word_at.len() == 1) {
        return None;
    }
    // "Director of Human and Robotic Exploration Daniel Neuenschwander": when the run
    // starts with topic words, the name starts at the given name after them.
    let mut start = k;
    if !s.is_title
        && !names::is_given(t.text)
        && !names::is_family(t.text)
        && let Some(p) = word_at.iter().position(|&j| names::is_given(s.tokens[j].text))
    {
        let topical = word_at[..p].iter().all(|&j| names::looks_like_english_word(s.tokens[j].text));
        if p > 0 && p + 1 < word_at.len() && topical {
            start = word_at[p];
            word_at.drain(..p);
        }
    }
    let first = s.tokens[start].text;
    if s.is_title {
        // "Anna Berg Signs Pact": given name first, cut after the last known family name.
        let &j = word_at.iter().rev().find(|&&j| names::is_family(s.tokens[j].text))?;
        if j > start && names::is_given(first) {
            end = j + 1;
            return Some((start, end));
        }
        return None;
    }
    let last = s.tokens[*word_at.last()?].text;
    // "Ariane Group", "Marie Curie Actions": the last word names a thing.
    if word_at.iter().any(|&j| names::THING_ENDS.contains(&s.tokens[j].text)) || names::is_topic_word(last) {
        return None;
    }
    let verb = s.tokens.get(end).is_some_and(|v| names::PERSON_VERBS.contains(&v.text)) || agent_of_act(s, k);
    // "K. R. Sridhar": initials before a name word are a name's structure.
    let initials = s.tokens[start].text.chars().count() == 1 && s.tokens.get(start + 1).is_some_and(|t| t.text == ".");
    let ok = names::is_given(first)
        || initials
        || (names::is_family(first) && names::is_given(last))
        || names::is_family(last)
        || (verb && word_at.len() <= 3);
    ok.then_some((start, end))
}

/// People: after titles, in appositions, in the surname-first uppercase convention.
fn people(s: &mut Sentence<'_>, si: usize, table: &mut EntityTable, roles: &mut Vec<RoleFact>, gaz: &Gazetteer) {
    surname_first_people(s, table, gaz);
    titled_people(s, si, table, roles, gaz);
    untitled_people(s, table, gaz);
    title_comma_name(s, si, table, roles);
    as_title(s, si, table, roles);
    apposition_people(s, si, table, roles);
    speakers(s, table, gaz);
}

/// Surname-first uppercase: "HAYASHI Yoshimasa".
fn surname_first_people(s: &mut Sentence<'_>, table: &mut EntityTable, gaz: &Gazetteer) {
    let n = s.tokens.len();
    let mut k = 0;
    while k + 1 < n {
        let (a, b) = (&s.tokens[k], &s.tokens[k + 1]);
        if a.is_all_caps()
            && a.text.chars().count() >= 3
            && a.text.chars().all(char::is_alphabetic)
            && b.is_capitalized()
            && !b.is_all_caps()
            && !s.covered(k, k + 2)
            && gaz.lookup(a.text).is_none()
            && title_at(s, k).is_none()
            && !NOT_NAME_WORDS.contains(&b.text)
            && !is_title_word(b.text)
            && title_at(s, k + 1).is_none()
            && !names::is_head_word(b.text)
        {
            let e = person_entity(table, &[a.text, b.text]);
            s.insert(Mention { start: k, end: k + 2, entity: e, kind: Kind::Name });
            k += 2;
            continue;
        }
        k += 1;
    }
}

/// A title before a name, and what stands between them.
struct TitledName {
    /// Where the title starts.
    start: usize,
    /// The title.
    title: &'static lexicon::Title,
    /// Where the words of the post end (the title, its body or portfolio).
    title_end: usize,
    /// Where the name starts.
    name_start: usize,
    /// The body named between title and name.
    body: Option<usize>,
    /// Whether a portfolio ran on between title and name.
    portfolio: bool,
}

/// Title + name: "NASA Administrator Bill Nelson", "Japan's Ambassador to the U.S. TOMITA Koji".
fn titled_people(s: &mut Sentence<'_>, si: usize, table: &mut EntityTable, roles: &mut Vec<RoleFact>, gaz: &Gazetteer) {
    let n = s.tokens.len();
    let mut k = 0;
    while k < n {
        let Some((tend, title)) = title_at(s, k) else {
            k += 1;
            continue;
        };
        if s.covered(k, tend) {
            k += 1;
            continue;
        }
        let titled = titled_name(s, table, k, tend, title);
        let Some((person, pend)) = person_after_title(s, table, gaz, &titled) else {
            k = titled.name_start;
            continue;
        };
        roles.push(title_role(s, table, gaz, &titled, person, pend, si));
        k = pend;
    }
}

/// Where the name after the title `k..tend` starts, past a destination, a
/// body, a portfolio or an honorific.
fn titled_name(
    s: &Sentence<'_>,
    table: &EntityTable,
    k: usize,
    tend: usize,
    title: &'static lexicon::Title,
) -> TitledName {
    let mut tend = past_destination(s, tend, title);
    // "Director of Human and Robotic Exploration Anna Berg": a title written with its "of"
    // runs on like any other.
    if title.words.last().is_some_and(|w| w == "of") && s.tokens.get(tend).is_some_and(|t| t.is_capitalized()) {
        tend -= 1;
    }
    let mut titled = TitledName { start: k, title, title_end: tend, name_start: tend, body: None, portfolio: false };
    if let Some((org, name_start, after_org)) = body_then_name(s, table, tend) {
        titled.body = Some(org);
        titled.name_start = name_start;
        titled.title_end = after_org;
    }
    if let Some(name_start) = portfolio_then_name(s, titled.name_start) {
        titled.name_start = name_start;
        titled.title_end = name_start;
        titled.portfolio = true;
    }
    // "CEO Dr. Anna Berg", "Minister Mr. X": an honorific between title and name.
    if title.role != Role::None {
        while let Some((hend, h)) = title_at(s, titled.name_start) {
            if h.role != Role::None || s.covered(titled.name_start, hend) {
                break;
            }
            titled.name_start = hend;
        }
    }
    titled
}

/// "Ambassador to (the) Japan": where the title ends past its destination.
fn past_destination(s: &Sentence<'_>, tend: usize, title: &lexicon::Title) -> usize {
    let to_after = s.tokens.get(tend).is_some_and(|t| t.text == "to");
    if !(title.words.last().is_some_and(|w| w == "to") || to_after && title.words[0] == "Ambassador") {
        return tend;
    }
    let mut j = tend;
    if s.tokens.get(j).is_some_and(|t| t.text == "to") {
        j += 1;
    }
    if s.tokens.get(j).is_some_and(|t| t.text == "the") {
        j += 1;
    }
    s.mentions.iter().find(|m| m.start == j).map_or(tend, |m| m.end)
}

/// "Chief Executive of the Ruritanian Space Agency Dr. Anna Berg": the body,
/// then the name; "Deputy Head Australia Space Agency Anthony Murfett": the
/// body right after the title, without "of". Gives the body, where the name
/// starts and where the body ends.
fn body_then_name(s: &Sentence<'_>, table: &EntityTable, tend: usize) -> Option<(usize, usize, usize)> {
    let body_after = s
        .mentions
        .iter()
        .find(|m| m.start == tend && m.kind == Kind::Name && table.get(m.entity).class.is_organization())
        .map(|m| m.entity);
    let org = of_org_after(s, tend).or(body_after)?;
    let after_org = s.mentions.iter().filter(|m| m.entity == org && m.start >= tend).map(|m| m.end).min()?;
    let mut j = skip_asides(s, after_org);
    while let Some((hend, h)) = title_at(s, j) {
        if h.role != Role::None {
            break;
        }
        j = hend;
    }
    let e = name_after(s, j);
    (name_words(s, j, e).len() >= 2).then_some((org, j, after_org))
}

/// "Minister of Innovation, Science and Industry François-Philippe Champagne":
/// the portfolio runs on; the name is the last two capitalised words.
fn portfolio_then_name(s: &Sentence<'_>, tend: usize) -> Option<usize> {
    let n = s.tokens.len();
    let of_for = s.tokens.get(tend).is_some_and(|t| t.text == "of" || t.text == "for");
    if !of_for || s.covered(tend + 1, tend + 2) {
        return None;
    }
    let mut j = tend + 1;
    let mut caps = 0;
    while j < n
        && (s.tokens[j].is_capitalized() || matches!(s.tokens[j].text, "," | "and" | "&"))
        && !s.covered(j, j + 1)
        && title_at(s, j).is_none()
    {
        caps += usize::from(s.tokens[j].is_capitalized());
        j += 1;
    }
    while j > tend && !s.tokens[j - 1].is_capitalized() {
        j -= 1;
    }
    (caps >= 3 && j >= 2 && is_name_token(&s.tokens[j - 1]) && is_name_token(&s.tokens[j - 2])).then(|| j - 2)
}

/// The person named after a title, with where the name ends: one already
/// tagged, or a new one of two words or more (one word after a royal title).
fn person_after_title(
    s: &mut Sentence<'_>,
    table: &mut EntityTable,
    gaz: &Gazetteer,
    titled: &TitledName,
) -> Option<(usize, usize)> {
    let (tend, title) = (titled.name_start, titled.title);
    // "Director General Jan Woerner": a month abbreviation is a given name
    // when a name word, not a number, follows.
    let month_name =
        s.tokens.get(tend).is_some_and(|t| lexicon::MONTHS.iter().any(|(m, _)| m.trim_end_matches('.') == t.text))
            && s.tokens.get(tend + 1).is_some_and(|t| is_name_token(t) && t.shape == Shape::Word);
    let name_end = if month_name { name_after(s, tend + 1) } else { name_after(s, tend) };
    let lower_title = title.words[0].chars().next().is_some_and(char::is_lowercase);
    let min = if lower_title { 2 } else { 1 };
    // A person already tagged right after the title (uppercase convention).
    let existing = s
        .mentions
        .iter()
        .find(|m| m.start == tend && table.get(m.entity).class == Class::Person)
        .map(|m| (m.entity, m.end));
    if existing.is_some() {
        return existing;
    }
    if name_end - tend < min {
        return None;
    }
    let words = name_words(s, tend, name_end);
    // A surname after a title is resolved in the second pass; a royal
    // title takes one word as the whole name ("Princess Reema").
    let single_ok =
        names::SINGLE_NAME_TITLES.contains(&title.words.join(" ").as_str()) && gaz.lookup(&words[0]).is_none();
    if words.len() == 1 && !single_ok {
        return None;
    }
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let e = person_entity(table, &words);
    s.insert(Mention { start: tend, end: name_end, entity: e, kind: Kind::Name });
    Some((e, name_end))
}

/// The post a titled person holds, and in which body or country.
fn title_role(
    s: &mut Sentence<'_>,
    table: &mut EntityTable,
    gaz: &Gazetteer,
    titled: &TitledName,
    person: usize,
    pend: usize,
    si: usize,
) -> RoleFact {
    let (k, title) = (titled.start, titled.title);
    let class_hint = if title.scope == Scope::Org { Class::GovernmentBody } else { Class::Country };
    // An honorific ("Dr.", "Princess") names no body.
    let target = if names::is_honorific(&title.words) {
        None
    } else {
        // "Prime Minister Shehbaz Sharif of Pakistan": the body after the name.
        titled.body.or_else(|| modifier_before(s, k, table, gaz, class_hint)).or_else(|| of_org_after(s, pend))
    };
    let mod_start = target
        .and_then(|_| {
            s.mentions
                .iter()
                .find(|m| m.end == k || (m.end + 1 == k && s.tokens[k - 1].shape == Shape::Possessive))
                .map(|m| m.start)
        })
        .unwrap_or_else(|| portfolio_before(s, k, &title.words).unwrap_or(k));
    RoleFact {
        person,
        target,
        // The head of a portfolio ("Director of Human Spaceflight") is a
        // member of the body; so is a deputy ("Deputy Head", "First deputy
        // Director General") of a title no row lists with its deputy.
        role: if (titled.portfolio || deputy_before(s, k)) && matches!(title.role, Role::Leads | Role::Agency) {
            Role::Member
        } else {
            title.role
        },
        scope: title.scope,
        title: span_text(s, mod_start, titled.title_end),
        base: title.words.join(" "),
        sentence: si,
    }
}

/// A title in apposition to a name: where its words start (`from`), the body
/// named before it, and the title with where it ends.
struct AppositionTitle {
    from: usize,
    target: Option<usize>,
    tend: usize,
    title: &'static lexicon::Title,
}

/// Apposition: "Fumio Kishida, the Japanese Prime Minister", "Yoon Young-bin, Administrator of the X",
/// "Anna Berg – chief executive of the Y", "X, an official of the Y", "X, a former NASA astronaut".
fn apposition_people(s: &mut Sentence<'_>, si: usize, table: &mut EntityTable, roles: &mut Vec<RoleFact>) {
    let n = s.tokens.len();
    let mut k = 0;
    while k + 2 < n {
        if !matches!(s.tokens[k].text, "," | "\u{2013}" | "\u{2014}") {
            k += 1;
            continue;
        }
        // The name before the comma.
        let mut a = k;
        while a > 0
            && k - a < 4
            && (is_name_token(&s.tokens[a - 1]) || s.tokens[a - 1].is_all_caps())
            && !s.covered(a - 1, a)
        {
            a -= 1;
        }
        let before_person =
            s.mentions.iter().find(|m| m.end == k && table.get(m.entity).class == Class::Person).map(|m| m.entity);
        let Some(AppositionTitle { from, target, tend, title }) = apposition_title(s, table, k) else {
            k += 1;
            continue;
        };
        let person = before_person.or_else(|| {
            (k - a >= 2).then(|| {
                let words = name_words(s, a, k);
                let words: Vec<&str> = words.iter().map(String::as_str).collect();
                let e = person_entity(table, &words);
                s.insert(Mention { start: a, end: k, entity: e, kind: Kind::Name });
                e
            })
        });
        let Some(person) = person else {
            k += 1;
            continue;
        };
        // Lists of signatories: "X, Chief Executive Officer, Ruritanian Space Agency (RSA);".
        let comma = s.tokens.get(tend).is_some_and(|t| t.text == ",");
        let target = target.or_else(|| of_org_after(s, tend)).or_else(|| {
            s.mentions
                .iter()
                .find(|m| {
                    comma && m.start == tend + 1 && m.kind == Kind::Name && table.get(m.entity).class != Class::Person
                })
                .map(|m| m.entity)
        });
        roles.push(RoleFact {
            person,
            target,
            role: title.role,
            scope: title.scope,
            title: span_text(s, from, minister_portfolio_end(s, tend, &title.words)),
            base: title.words.join(" "),
            sentence: si,
        });
        k = tend;
    }
}

/// The title after the comma at `k` that describes the name before it, with
/// the body named before the title ("X, the NASA Administrator").
fn apposition_title(s: &Sentence<'_>, table: &EntityTable, k: usize) -> Option<AppositionTitle> {
    let modifier =
        |j: usize| s.tokens.get(j).is_some_and(|t| APPOSITION_MODIFIERS.contains(&t.text.to_lowercase().as_str()));
    let mut j = k + 1;
    if s.tokens.get(j).is_some_and(|t| matches!(t.text, "the" | "a" | "an")) {
        j += 1;
    }
    while modifier(j) {
        j += 1;
    }
    // Optional modifier: a mention (NASA, South Korean) possibly with 's.
    let mut target = None;
    let mut tstart = j;
    if let Some(m) = s.mentions.iter().find(|m| m.start == j && m.kind != Kind::PairPart)
        && table.get(m.entity).class != Class::Person
    {
        target = Some(m.entity);
        tstart = m.end;
        if s.tokens.get(tstart).is_some_and(|t| t.shape == Shape::Possessive) {
            tstart += 1;
        }
    }
    while modifier(tstart) {
        tstart += 1;
    }
    // The longer reading wins: "chief executive officer of" over "chief".
    let mut found = match (title_at(s, tstart), title_at_any_case(s, tstart)) {
        (Some(a), Some(b)) => Some(if b.0 > a.0 { b } else { a }),
        (a, b) => a.or(b),
    };
    // "X, Scientific Secretary of the Y": one or two words before a title that an "of" follows.
    if found.is_none() && target.is_none() {
        found = (1..=2).find_map(|skip| {
            let words_ok = (tstart..tstart + skip).all(|j| {
                s.tokens.get(j).is_some_and(|t| t.shape == Shape::Word && !CONNECTORS.contains(&t.text))
                    && !s.covered(j, j + 1)
            });
            let candidate = title_at_any_case(s, tstart + skip)
                .filter(|(e, t)| t.role != Role::None && s.tokens.get(*e).is_some_and(|x| x.text == "of"));
            candidate.filter(|_| words_ok)
        });
    }
    let (tend, title) = found?;
    if title.role == Role::None && title.scope == Scope::Org {
        return None;
    }
    // "A, NASA Administrator Bill Nelson, ...": the title belongs to the next name.
    let next_is_person = s.mentions.iter().any(|m| m.start == tend && table.get(m.entity).class == Class::Person)
        || name_after(s, tend) > tend
        || s.tokens.get(tend).is_some_and(|t| t.text == "to")
        || title.words.last().is_some_and(|w| w == "to");
    (!next_is_person).then_some(AppositionTitle { from: j, target, tend, title })
}

/// Speakers: "said Jane Roe", "according to Jane Roe" (a speech cue before
/// two or three capitalised words); "Jane Roe said" (two capitalised words
/// before a speech verb).
fn speakers(s: &mut Sentence<'_>, table: &mut EntityTable, gaz: &Gazetteer) {
    let n = s.tokens.len();
    for k in 0..n {
        let cue_end = if is_word(WordClass::SpeechCue, s.tokens[k].text) {
            k + 1
        } else if s.tokens[k].text == "according" && s.tokens.get(k + 1).is_some_and(|t| t.text == "to") {
            k + 2
        } else {
            continue;
        };
        let end = name_after(s, cue_end);
        if end - cue_end < 2 || end - cue_end > 3 || s.covered(cue_end, end) {
            continue;
        }
        let words = name_words(s, cue_end, end);
        if words.iter().any(|w| gaz.lookup(w).is_some()) {
            continue;
        }
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let e = person_entity(table, &words);
        s.insert(Mention { start: cue_end, end, entity: e, kind: Kind::Name });
    }
    for k in 2..n {
        if is_word(WordClass::Speech, s.tokens[k].text)
            && !s.covered(k - 2, k)
            && is_name_token(&s.tokens[k - 1])
            && is_name_token(&s.tokens[k - 2])
            && !names::is_cap_particle(s.tokens[k - 2].text)
            && !names::THING_ENDS.contains(&s.tokens[k - 1].text)
            && !names::THING_ENDS.contains(&s.tokens[k - 2].text)
            && !names::is_topic_word(s.tokens[k - 1].text)
            && (k < 3 || !s.tokens[k - 3].is_capitalized())
            && gaz.lookup(s.tokens[k - 1].text).is_none()
            && gaz.lookup(s.tokens[k - 2].text).is_none()
        {
            let e = person_entity(table, &[s.tokens[k - 2].text, s.tokens[k - 1].text]);
            s.insert(Mention { start: k - 2, end: k, entity: e, kind: Kind::Name });
        }
    }
}

/// "Kamala Harris, who chairs the National Space Council" (after short forms are known).
fn who_heads(s: &Sentence<'_>, si: usize, roles: &mut Vec<RoleFact>) {
    let n = s.tokens.len();
    for k in 0..n.saturating_sub(3) {
        if s.tokens[k].text == ","
            && s.tokens[k + 1].text == "who"
            && ["chairs", "heads", "leads", "directs", "runs"].contains(&s.tokens[k + 2].text)
        {
            let person = s.mentions.iter().find(|m| m.end == k).map(|m| m.entity);
            let mut j = k + 3;
            if s.tokens.get(j).is_some_and(|t| t.text == "the") {
                j += 1;
            }
            let org = s.mentions.iter().find(|m| m.start == j).map(|m| m.entity);
            if let (Some(p), Some(o)) = (person, org) {
                roles.push(RoleFact {
                    person: p,
                    target: Some(o),
                    role: Role::Leads,
                    scope: Scope::Org,
                    title: String::new(),
                    base: String::new(),
                    sentence: si,
                });
            }
        }
    }
}

/// "Korea Aerospace Agency (KASA)" and "KPS (Korean Positioning System)".
fn acronym_definitions(s: &mut Sentence<'_>, table: &mut EntityTable) {
    let n = s.tokens.len();
    for k in 1..n {
        if s.tokens[k].text != "(" {
            continue;
        }
        let Some(close) = (k + 1..n.min(k + 12)).find(|&j| s.tokens[j].text == ")") else { continue };
        if close == k + 1 {
            continue;
        }
        // "the Working Group's (JWG) eighth meeting": the possessive sits between.
        let name_end = if k >= 1 && s.tokens[k - 1].shape == Shape::Possessive { k - 1 } else { k };
        let before = s.mentions.iter().rev().find(|m| m.end == name_end && m.kind == Kind::Name).cloned();
        let inner_mention =
            s.mentions.iter().find(|m| m.start == k + 1 && m.end == close && m.kind == Kind::Name).cloned();
        if close == k + 2 && is_code(&s.tokens[k + 1]) {
            // Long form, then short form.
            let short = s.tokens[k + 1].text;
            let Some(b) = before else { continue };
            if !initials_fit(short, &table.get(b.entity).names.iter().cloned().collect::<Vec<_>>()) {
                continue;
            }
            match inner_mention {
                Some(im) => {
                    table.union(b.entity, im.entity);
                }
                None => {
                    let class = table.get(b.entity).class;
                    let key = format!("{}:{}", class.family(), norm(short));
                    table.alias_key(key, b.entity);
                    table.get_mut(b.entity).names.insert(short.to_string());
                    s.insert(Mention { start: k + 1, end: close, entity: b.entity, kind: Kind::Name });
                }
            }
        } else if k >= 1 && is_code(&s.tokens[k - 1]) {
            // Short form, then long form: "CSA (Canadian Space Agency)".
            let short = s.tokens[k - 1].text;
            let Some(im) = inner_mention else { continue };
            let long: Vec<String> = table.get(im.entity).names.iter().cloned().collect();
            if !initials_fit(short, &long) {
                continue;
            }
            match s.mentions.iter().find(|m| m.start == k - 1 && m.end == k).cloned() {
                Some(sm) => {
                    table.union(sm.entity, im.entity);
                }
                None => {
                    let class = table.get(im.entity).class;
                    table.alias_key(format!("{}:{}", class.family(), norm(short)), im.entity);
                    table.get_mut(im.entity).names.insert(short.to_string());
                    s.insert(Mention { start: k - 1, end: k, entity: im.entity, kind: Kind::Name });
                }
            }
        }
    }
}

/// Whether an acronym could abbreviate one of the names: its first letter
/// starts a word and its letters occur in order (Schwartz & Hearst, loosely).
pub fn initials_fit(short: &str, longs: &[String]) -> bool {
    let letters: Vec<char> = short.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    if letters.is_empty() {
        return false;
    }
    longs.iter().any(|long| {
        if long.len() <= short.len() {
            return false;
        }
        let words: Vec<String> = long.split_whitespace().map(|w| w.to_lowercase()).collect();
        // Skip leading modifiers like "U.S." that the acronym leaves out.
        (0..words.len()).any(|w0| {
            if !words[w0].starts_with(letters[0]) {
                return false;
            }
            let rest: String = words[w0..].join(" ");
            let mut it = rest.chars();
            letters.iter().all(|l| it.by_ref().any(|c| c == *l))
        })
    })
}

/// Single surnames ("Kishida", "Yoon") resolved to the one person of the
/// article they can name, and unknown acronyms seen before.
fn short_forms(
    s: &mut Sentence<'_>,
    table: &mut EntityTable,
    people: &PeopleByName,
    titled: &HashSet<(usize, String)>,
) {
    for k in 0..s.tokens.len() {
        let t = &s.tokens[k];
        if s.covered(k, k + 1) || !(t.is_capitalized()) || NOT_NAME_WORDS.contains(&t.text) {
            continue;
        }
        let w = crate::doc::title_case(t.text);
        // A single name may be either end of a full name (name orders differ
        // between cultures); two people it could name make it ambiguous.
        let mut cands: Vec<usize> = {
            let mut c: Vec<usize> = people.0.get(&w).into_iter().flatten().map(|&e| table.find(e)).collect();
            c.sort();
            c.dedup();
            c
        };
        // "President Yoon": the one candidate who holds that title in the article.
        if cands.len() > 1 && k >= 1 {
            let before = s.tokens[k - 1].text;
            let titled: Vec<usize> =
                cands.iter().copied().filter(|&c| titled.contains(&(c, before.to_string()))).collect();
            if titled.len() == 1 {
                cands = titled;
            }
        }
        if cands.len() == 1 {
            // The next token must not continue a different full name.
            if s.tokens.get(k + 1).is_some_and(|n| is_name_token(n) && !s.covered(k + 1, k + 2)) {
                continue;
            }
            // "Van der Berg", "Di Stefano": the particles of the family name belong to the mention.
            let surname = table.get(cands[0]).person.as_ref().map(|p| p.surname.clone()).unwrap_or_default();
            let parts: Vec<&str> = surname.split(' ').collect();
            let mut start = k;
            if parts.len() > 1 && parts.last() == Some(&t.text) && k + 1 >= parts.len() {
                let from = k + 1 - parts.len();
                let same = s.tokens[from..=k].iter().zip(&parts).all(|(x, p)| x.text == *p);
                if same && !s.covered(from, k) {
                    start = from;
                }
            }
            let surface = span_text(s, start, k + 1);
            table.get_mut(cands[0]).names.insert(surface);
            s.insert(Mention { start, end: k + 1, entity: cands[0], kind: Kind::Short });
        } else if cands.is_empty() {
            // A previously defined acronym or name of this article.
            for class in [Class::GovernmentBody, Class::Program, Class::Agreement, Class::Meeting, Class::Place] {
                if let Some(e) = table.by_key(&format!("{}:{}", class.family(), norm(t.text))) {
                    if t.is_all_caps() || t.text.chars().any(|c| c.is_ascii_digit()) {
                        s.insert(Mention { start: k, end: k + 1, entity: e, kind: Kind::Name });
                    }
                    break;
                }
            }
        }
    }
}

/// Two bodies whose heads share a name and title are one body: "KASA
/// Administrator Yoon Young-bin" and "Yoon Young-bin, Administrator of the
/// Space Aviation Agency" name the same agency.
fn merge_title_twins(t: &mut Tagged<'_>) {
    // Only roles with the same title and person can pair, so pairs are sought
    // within those groups (and made in the order of the roles, as a plain
    // double loop would); a role whose target is an earlier one's repeats its
    // pairs and is left out (an article that names one head a thousand times).
    let mut groups: HashMap<(&str, usize), Vec<(usize, usize)>> = HashMap::new();
    let mut seen: HashSet<(&str, usize, usize)> = HashSet::new();
    for (i, r) in t.roles.iter().enumerate() {
        let Some(target) = r.target else { continue };
        let key = (r.base.as_str(), t.table.find(r.person));
        if r.base.is_empty() || !seen.insert((key.0, key.1, t.table.find(target))) {
            continue;
        }
        groups.entry(key).or_default().push((i, target));
    }
    let mut pairs: Vec<(usize, usize, usize, usize)> = Vec::new();
    for roles in groups.values() {
        for (x, &(i, ta)) in roles.iter().enumerate() {
            if matches!(t.roles[i].role, Role::Leads | Role::Agency) {
                pairs.extend(roles[x + 1..].iter().map(|&(j, tb)| (i, j, ta, tb)));
            }
        }
    }
    pairs.sort_unstable();
    for (_, _, ta, tb) in pairs {
        if t.table.find(ta) == t.table.find(tb) {
            continue;
        }
        let (ea, eb) = (t.table.get(ta), t.table.get(tb));
        if ea.class.family() != eb.class.family() || ea.class == Class::Country {
            continue;
        }
        // Only an unlisted name may fold into another.
        if ea.gaz.is_some() && eb.gaz.is_some() {
            continue;
        }
        t.table.union(ta, tb);
    }
}

/// Within an article, two people whose names differ in one letter of one
/// word are one person spelt two ways ("Adolfo Urso" and later "Adolfo
/// Ursi", "Lin Xiqiang" and "Lin Xinqiang"): articles misspell names, and two
/// people that close in one article are far rarer than a slip.
fn merge_misspelt_people(t: &mut Tagged<'_>) {
    let people: Vec<(usize, Vec<String>)> = t
        .table
        .roots()
        .into_iter()
        .filter_map(|r| t.table.get(r).person.as_ref().map(|p| (r, p.tokens.clone())))
        .filter(|(_, toks)| toks.len() >= 2)
        .collect();
    // Two names one word apart share their first word or their last: only
    // names in one such group are compared, and a group of more than
    // MISSPELLING_GROUP (an article listing a family) is left alone.
    let mut groups: HashMap<(usize, bool, &str), Vec<usize>> = HashMap::new();
    for (i, (_, toks)) in people.iter().enumerate() {
        groups.entry((toks.len(), true, toks[0].as_str())).or_default().push(i);
        groups.entry((toks.len(), false, toks[toks.len() - 1].as_str())).or_default().push(i);
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for group in groups.values().filter(|g| g.len() <= MISSPELLING_GROUP) {
        for (x, &i) in group.iter().enumerate() {
            for &j in &group[x + 1..] {
                let differing: Vec<(&String, &String)> =
                    people[i].1.iter().zip(&people[j].1).filter(|(a, b)| a != b).collect();
                if let [(a, b)] = differing[..]
                    && a.chars().count().min(b.chars().count()) >= 4
                    && one_edit_apart(a, b)
                {
                    pairs.push((i.min(j), i.max(j)));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    for (i, j) in pairs {
        t.table.union(people[i].0, people[j].0);
    }
}

/// The most names sharing a first or last word that are compared for slips.
const MISSPELLING_GROUP: usize = 64;

/// Whether one substitution, insertion or deletion turns `a` into `b`.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    if long.len() - short.len() > 1 || a == b {
        return false;
    }
    let prefix = short.iter().zip(long.iter()).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        short[prefix + 1..] == long[prefix + 1..]
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

/// Within an article, a program named with a program noun after its name is
/// the program itself ("LOTUSat-1 Satellite" and "LOTUSat-1").
fn merge_program_head_variants(t: &mut Tagged<'_>) {
    let programs: Vec<usize> =
        t.table.roots().into_iter().filter(|&r| t.table.get(r).class == Class::Program).collect();
    let by_name: HashMap<String, usize> =
        programs.iter().flat_map(|&r| t.table.get(r).names.iter().map(move |n| (n.clone(), r))).collect();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for &r in &programs {
        for name in &t.table.get(r).names {
            let Some((base, noun)) = name.rsplit_once(' ') else { continue };
            if let Some(&b) = by_name.get(base).filter(|&&b| b != r) {
                // Capitalised as part of the name: "the Rosalind Franklin rover"
                // is the mission's rover.
                let capital = noun.chars().next().is_some_and(char::is_uppercase);
                if capital && is_word_of(&[WordClass::ProgramNoun], &noun.to_lowercase()) {
                    pairs.push((b, r));
                }
            }
        }
    }
    pairs.sort_unstable();
    for (base, longer) in pairs {
        t.table.union(base, longer);
    }
}

/// Within an article, a meeting or agreement whose identifying words are a
/// subset of another's is the same thing ("Space Framework Agreement" and
/// "U.S.-Japan Space Framework Agreement").
fn merge_name_variants(t: &mut Tagged<'_>, gaz: &Gazetteer) {
    let roots = t.table.roots();
    for class in [Class::Meeting, Class::Agreement] {
        let items: Vec<(usize, Vec<String>)> = roots
            .iter()
            .filter(|&&r| t.table.get(r).class == class)
            .map(|&r| {
                let best = t.table.get(r).names.iter().max_by_key(|n| n.len()).cloned().unwrap_or_default();
                (r, content_words(&best, gaz))
            })
            .collect();
        for (i, (a, wa)) in items.iter().enumerate() {
            for (b, wb) in items.iter().skip(i + 1) {
                if wa.is_empty() || wb.is_empty() {
                    continue;
                }
                let sub = |x: &Vec<String>, y: &Vec<String>| x.iter().all(|w| y.contains(w));
                if sub(wa, wb) || sub(wb, wa) {
                    t.table.union(*a, *b);
                }
            }
        }
    }
}

/// "The Framework", "the dialogue", "the joint statement": the article's
/// named agreement or meeting with that word in its name.
fn generic_references(s: &mut Sentence<'_>, named: &NamedByWord) {
    let n = s.tokens.len();
    for k in 0..n {
        if s.covered(k, k + 1) {
            continue;
        }
        let w = s.tokens[k].text.to_lowercase();
        let class = match w.as_str() {
            "dialogue" | "summit" => Class::Meeting,
            "framework" | "agreement" | "accords" | "treaty" | "statement" | "memorandum" | "arrangement" | "deal"
            | "pact" => Class::Agreement,
            _ => continue,
        };
        let det = (1..=3).any(|d| {
            k >= d
                && ["the", "this", "a", "an", "new", "joint", "that"]
                    .contains(&s.tokens[k - d].text.to_lowercase().as_str())
        });
        if !det {
            continue;
        }
        let of_class = named.of_class.get(&class).map_or(&[][..], Vec::as_slice);
        let mut cands: &[usize] = named.by_word.get(&(class, w.clone())).map_or(&[][..], Vec::as_slice);
        // "the agreement", "the deal": the article's one instrument, whatever its name.
        if cands.is_empty() && matches!(w.as_str(), "agreement" | "deal" | "pact") && of_class.len() == 1 {
            cands = of_class;
        }
        if cands.len() == 1 {
            let start = if k > 0 && s.tokens[k - 1].text.eq_ignore_ascii_case("joint") { k - 1 } else { k };
            s.insert(Mention { start, end: k + 1, entity: cands[0], kind: Kind::Generic });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The full names of the people an article names.
    fn people(text: &str) -> Vec<String> {
        let a = crate::input::from_text("t.txt", text.as_bytes()).unwrap();
        let x = crate::extract_article(a, Gazetteer::builtin());
        x.entities
            .iter()
            .filter(|e| e.class == Class::Person)
            .map(|e| e.names.iter().max_by_key(|n| n.len()).cloned().unwrap_or_default())
            .collect()
    }

    #[test]
    fn people_without_a_title_are_found_by_name_structure() {
        let p = people(
            "Agency Signs Lunar Pact\n\nJean-Luc Van der Berg, chief executive of the agency, spoke first. \
             Nguyen Van Minh said Borduria would send a rover. Anna Kowalski met the delegates. \
             Joel Marco S. Santos, Jr. arrived later. K. R. Sridhar, a former NASA engineer, agreed. \
             Sustainable Development and Space Traffic Management were on the agenda.",
        );
        for name in
            ["Jean-Luc Van der Berg", "Nguyen Van Minh", "Anna Kowalski", "Joel Marco S. Santos Jr.", "K. R. Sridhar"]
        {
            assert!(p.iter().any(|x| x == name), "{name} not in {p:?}");
        }
        assert_eq!(p.len(), 5, "headline words and topics are not people: {p:?}");
    }

    #[test]
    fn things_named_after_people_or_with_given_names_are_not_people() {
        let p = people(
            "Will NASA Return? Agency Signs Lunar Pact\n\nMission Control said the launch went well. \
             The Victoria Falls summit opened. Santa Maria island hosted a station. \
             Marie Curie Actions fund the researchers. The Jean Monnet chair spoke. \
             Ariane Group said it would build the rocket. The UK-built Rosalind Franklin will fly. \
             The Rosalind Franklin rover is ready. Space Florida said it agreed. \
             Florence Nightingale Hospital opened.",
        );
        assert!(p.is_empty(), "{p:?}");
    }

    #[test]
    fn honorifics_are_not_part_of_names() {
        let p = people(
            "Pact signed\n\nAgency CEO Dr. Sergei Ivanov met Her Royal Highness Princess Amira in Paris. \
             Mr. Tomas Novak and Ms. Lena Hartmann also attended.",
        );
        let mut p = p;
        p.sort();
        assert_eq!(p, ["Amira", "Lena Hartmann", "Sergei Ivanov", "Tomas Novak"]);
    }

    #[test]
    fn a_title_is_never_read_as_an_uppercase_surname_nor_a_month_as_a_given_name_end() {
        let mut p = people(
            "Talks\n\nThe agency, represented by CEO Sherif Mohamed Sedky, signed it. \
             Prime Minister Theresa May said on Friday that the talks went well. \
             Director Anna Berg arrived on May 5.",
        );
        p.sort();
        assert_eq!(p, ["Anna Berg", "Sherif Mohamed Sedky", "Theresa May"]);
    }

    /// The names and classes of the entities an article's text yields.
    fn entities(text: &str) -> Vec<(Class, String)> {
        let a = crate::input::from_text("t.txt", text.as_bytes()).unwrap();
        let x = crate::extract_article(a, Gazetteer::builtin());
        let mut v: Vec<(Class, String)> = x
            .entities
            .iter()
            .map(|e| {
                let name = e.names.iter().max_by_key(|n| n.len()).cloned().unwrap_or_default();
                let listed =
                    e.gazetteer.map_or(String::new(), |g| format!(" [{}]", Gazetteer::builtin().entry(g).label));
                (e.class, name + &listed)
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn names_with_typographic_apostrophes_and_plural_possessives_are_read_whole() {
        let e = entities(
            "Talks\n\nAt the end of the Quad Leaders’ Summit in Japan the ministers met. \
             Chang’e-7 will launch around 2026.",
        );
        assert!(e.contains(&(Class::Meeting, "Quad Leaders’ Summit [Quad Leaders' Summit]".into())), "{e:?}");
        assert!(e.contains(&(Class::Program, "Chang’e-7 [Chang'e 7]".into())), "the listed mission: {e:?}");
        assert!(!e.iter().any(|(_, n)| n.contains("Prime") || n.contains("the ministers")), "{e:?}");
    }

    #[test]
    fn numbered_sittings_and_meetings_of_bodies_are_meetings() {
        let e = entities(
            "Talks\n\nThe Chair of the 62nd session of the Committee on Space Research, Anna Berg, spoke. \
             Borduria was named at the 37th Ordinary Session of the Assembly of Heads of State. \
             He addressed the 2023 Asean Space Week. The Signing Ceremony followed. \
             The ROK will host the 19th annual meeting of the UN-affiliated ICG.",
        );
        let meetings: Vec<&str> = e.iter().filter(|(c, _)| *c == Class::Meeting).map(|(_, n)| n.as_str()).collect();
        assert_eq!(
            meetings,
            [
                "37th Ordinary Session of the Assembly of Heads of State",
                "62nd session of the Committee on Space Research",
                "Asean Space Week"
            ],
            "{e:?}"
        );
    }

    #[test]
    fn headlines_read_their_function_words_and_infinitives_as_lowercase() {
        let e = entities(
            "MBRSC Signs MoU With United Nations Office For Outer Space Affairs, Nations Urged To Form Regional Space Agency\n\n\
             The MBRSC and the United Nations Office for Outer Space Affairs met in Dubai.",
        );
        let names: Vec<&str> = e.iter().map(|(_, n)| n.as_str()).collect();
        assert!(names.iter().any(|n| n.ends_with("[UNOOSA]")), "{names:?}");
        for junk in ["United Nations Office", "Form Regional Space Agency", "Regional Space Agency"] {
            assert!(!names.iter().any(|n| n.split(" [").next() == Some(junk)), "{junk} in {names:?}");
        }
    }

    #[test]
    fn a_listed_name_that_is_the_whole_chunk_is_the_listed_entity() {
        let e = entities("Talks\n\nNASA works with the State Space Corporation Roscosmos on the station.");
        let names: Vec<&str> = e.iter().map(|(_, n)| n.as_str()).collect();
        assert!(names.iter().any(|n| n.ends_with("[Roscosmos]")), "{names:?}");
        assert!(!names.iter().any(|n| n.starts_with("State Space Corporation [") || *n == "State Space Corporation"));
    }

    #[test]
    fn one_thing_spelt_two_ways_in_one_article_is_one_entity() {
        let e = entities(
            "Talks\n\nMinister Adolfo Bellini signed the plan. Later Adolfo Bellino said it would help. \
             The LOTUSat-7 Satellite was built by NEC. LOTUSat-7 will launch next year. \
             Honourable Soipan Mwangi opened the session. Honourable Mwangi said it mattered.",
        );
        let people: Vec<&str> = e.iter().filter(|(c, _)| *c == Class::Person).map(|(_, n)| n.as_str()).collect();
        assert_eq!(people.len(), 2, "{people:?}");
        assert!(people.iter().all(|n| !n.starts_with("Honourable")), "{people:?}");
        let programs = e.iter().filter(|(c, _)| *c == Class::Program).count();
        assert_eq!(programs, 1, "{e:?}");
        // Two letters apart is two names, not a slip.
        let e = entities("Talks\n\nAdolfo Bellini met Adolfo Bellano in Rome.");
        assert_eq!(e.iter().filter(|(c, _)| *c == Class::Person).count(), 2, "{e:?}");
    }

    #[test]
    fn one_edit_apart_counts_one_substitution_insertion_or_deletion() {
        assert!(one_edit_apart("Urso", "Ursi"));
        assert!(one_edit_apart("Xiqiang", "Xinqiang"));
        assert!(one_edit_apart("Xinqiang", "Xiqiang"));
        assert!(!one_edit_apart("Urso", "Urso"));
        assert!(!one_edit_apart("Bellini", "Bellano"));
        assert!(!one_edit_apart("Lin", "Linda"));
    }

    #[test]
    fn names_are_cut_where_their_words_end_them() {
        let e = entities(
            "Guidelines for the Long-term Sustainability of Outer Space Activities of the Committee on Peaceful Uses of Outer Space adopted\n\n\
             Kenya and Italy strengthen Collaboration on the Aurora Space Centre. The Space Centre hosts ground stations. \
             The leaders will provide a “Quad Satellite Data Portal” that aggregates links. \
             OECD Space Forum Head Claire Jolly and ASEAN Space Week speakers met. \
             Permsuk Sutchaphiwat, Permanent Secretary of the Ministry of Higher Education, signed it.",
        );
        let names: Vec<&str> = e.iter().map(|(_, n)| n.split(" [").next().unwrap_or("")).collect();
        for want in [
            "Committee on Peaceful Uses of Outer Space",
            "Aurora Space Centre",
            "Quad Satellite Data Portal",
            "OECD Space Forum",
            "ASEAN Space Week",
            "Permsuk Sutchaphiwat",
            "Ministry of Higher Education",
        ] {
            assert!(names.contains(&want) || e.iter().any(|(_, n)| n.contains(want)), "{want} not in {names:?}");
        }
        for junk in [
            "Committee on Peaceful",
            "Collaboration on the Aurora Space Centre",
            "Space Centre",
            "Quad Satellite",
            "Space Forum",
        ] {
            assert!(!names.contains(&junk), "{junk} in {names:?}");
        }
    }

    #[test]
    fn a_body_named_as_part_of_another_is_its_own_body() {
        let e = entities(
            "Talks\n\nThe Institute of Biomedical Problems of the Russian Academy of Sciences helped. \
             The Advanced Science and Technology Institute of the Department of Science and Technology built it. \
             The Executive Council of the African Union met. \
             The Department of Science and Technology of the Philippines spoke.",
        );
        let names: Vec<&str> = e.iter().map(|(_, n)| n.as_str()).collect();
        for n in [
            "Institute of Biomedical Problems",
            "Russian Academy of Sciences",
            "Advanced Science and Technology Institute",
            "Executive Council of the African Union",
            "Department of Science and Technology of the Philippines",
        ] {
            assert!(names.iter().any(|x| x.split(" [").next() == Some(n)), "{n} not in {names:?}");
        }
    }

    #[test]
    fn a_surname_later_in_the_article_is_the_same_person() {
        let text = "Talks\n\nMaria Di Stefano, an official of the Bordurian Ministry of Foreign Affairs, spoke. \
                    Later, Di Stefano told reporters the talks went well.";
        let a = crate::input::from_text("t.txt", text.as_bytes()).unwrap();
        let x = crate::extract_article(a, Gazetteer::builtin());
        let people: Vec<_> = x.entities.iter().filter(|e| e.class == Class::Person).collect();
        assert_eq!(people.len(), 1, "{people:?}");
        assert!(people[0].names.contains("Di Stefano"), "{people:?}");
    }

    #[test]
    fn name_variants_with_initials_and_suffixes_share_a_key() {
        let a = PersonName::parse(&["Joel", "Marco", "S.", "Santos", "Jr."]);
        let b = PersonName::parse(&["Joel", "Marco", "Santos", "Jr"]);
        assert_eq!(a.key(), b.key());
        assert_eq!(PersonName::parse(&["Jennifer", "R", "Littlejohn"]).key(), "jennifer littlejohn");
        assert_eq!(PersonName::parse(&["Maria", "Di", "Stefano"]).surname, "Di Stefano");
        assert_eq!(PersonName::parse(&["Salman", "bin", "Hamad", "Al", "Khalifa"]).surname, "Al Khalifa");
    }

    #[test]
    fn acronyms_fit_their_expansions() {
        let f = |s: &str, l: &str| initials_fit(s, &[l.to_string()]);
        assert!(f("KASA", "Korea Aerospace Agency"));
        assert!(f("NASA", "U.S. National Aeronautics and Space Administration"));
        assert!(f("KPS", "Korean Positioning System"));
        assert!(f("L4", "Lagrange Point 4"));
        assert!(!f("KASA", "Japan Aerospace Exploration Agency"));
    }
}
#[cfg(test)]
mod variant_tests {
    #[test]
    fn listed_variants_are_found() {
        let gaz = crate::Gazetteer::builtin();
        let a = super::listed_variant(gaz, "Ministry of Education, Culture, Sports, Science, and Technology of Japan");
        let b = super::listed_variant(gaz, "Ministry of Education, Culture, Sports, Science and Technology");
        assert_eq!(a, b);
        assert!(a.is_some());
    }
}
