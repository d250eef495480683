//! Cross-article entity resolution: one node per real thing, across articles.
//!
//! Deterministic: the result depends on the set of extractions, not on their
//! order or on how they were computed.

use crate::doc::{content_words, country_pair, norm};
use crate::gazetteer::Gazetteer;
use crate::input::Article;
use crate::lexicon::is_ordinal;
use crate::model::{Attribute, Class, Evidence, Property};
use crate::{ArticleEntity, Extraction};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One entity of the corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// A stable identifier (a slug of the label, unique in the corpus).
    pub id: String,
    /// Its class.
    pub class: Class,
    /// Its canonical name.
    pub label: String,
    /// Its other names.
    pub alt_labels: BTreeSet<String>,
    /// Its Wikidata QID, when the gazetteer knows it.
    pub qid: Option<String>,
}

/// A fact between corpus entities.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// Subject (index into [`Corpus::entities`]).
    pub subject: usize,
    /// Property.
    pub property: Property,
    /// Object (index into [`Corpus::entities`]).
    pub object: usize,
    /// Evidence.
    pub evidence: Evidence,
}

/// One article's contribution to the corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentFacts {
    /// The article.
    pub article: Article,
    /// Its headline.
    pub title: Option<String>,
    /// Its publication date.
    pub date: Option<String>,
    /// Words read.
    pub words: usize,
    /// The entities it mentions, with the names it uses for them.
    pub mentions: BTreeMap<usize, BTreeSet<String>>,
    /// Its facts.
    pub facts: Vec<Fact>,
    /// Its literal statements: `(entity, attribute, evidence)`.
    pub attributes: Vec<(usize, Attribute, Evidence)>,
}

/// The resolved corpus.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Corpus {
    /// Entities, sorted by class and label.
    pub entities: Vec<Entity>,
    /// Documents, sorted by source.
    pub documents: Vec<DocumentFacts>,
}

#[derive(Default)]
struct Dsu(Vec<usize>);

impl Dsu {
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            // The smaller index stays the root, which keeps the result order-free.
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            self.0[hi] = lo;
        }
    }
}

fn pair_countries(names: &BTreeSet<String>, gaz: &Gazetteer) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        for w in n.split_whitespace() {
            if let Some((a, b)) = country_pair(w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.'), gaz) {
                let mut p = vec![gaz.entry(a).label.clone(), gaz.entry(b).label.clone()];
                p.sort();
                out = p;
            }
        }
    }
    out
}

/// What resolution reads of one article: its identity and its entities.
#[derive(Debug, Clone, Copy)]
pub struct DocEntities<'a> {
    /// The article's source.
    pub source: &'a str,
    /// The article's content hash.
    pub sha256: &'a str,
    /// Its entities, as extraction left them.
    pub entities: &'a [ArticleEntity],
}

/// The corpus's entities, and which one each article's entity is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resolution {
    /// Entities, sorted by class and label, with unique ids.
    pub entities: Vec<Entity>,
    /// For each document (in the order given), for each of its entities,
    /// the index into [`Resolution::entities`].
    pub assignment: Vec<Vec<usize>>,
}

/// Merges per-article extractions into one corpus.
pub fn resolve(mut extractions: Vec<Extraction>, gaz: &Gazetteer) -> Corpus {
    extractions.sort_by(|a, b| (&a.article.source, &a.article.sha256).cmp(&(&b.article.source, &b.article.sha256)));
    let docs: Vec<DocEntities<'_>> = extractions
        .iter()
        .map(|x| DocEntities { source: &x.article.source, sha256: &x.article.sha256, entities: &x.entities })
        .collect();
    let resolution = resolve_entities(&docs, gaz);
    let documents =
        extractions.iter().zip(&resolution.assignment).map(|(x, assign)| document_facts(x, assign)).collect();
    Corpus { entities: resolution.entities, documents }
}

/// One article's facts in terms of the corpus's entities (`assign` maps each
/// of its entities to a corpus entity, see [`Resolution::assignment`]).
pub fn document_facts(x: &Extraction, assign: &[usize]) -> DocumentFacts {
    let g = |e: usize| assign[e];
    let mut mentions: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for (e, ae) in x.entities.iter().enumerate() {
        mentions.entry(g(e)).or_default().extend(ae.names.iter().cloned());
    }
    let mut facts: Vec<Fact> = x
        .facts
        .iter()
        .map(|f| Fact {
            subject: g(f.subject),
            property: f.property,
            object: g(f.object),
            evidence: f.evidence.clone(),
        })
        .filter(|f| f.subject != f.object)
        .collect();
    crate::model::one_per_sentence(&mut facts, |f| (f.subject, f.property, f.object, &f.evidence));
    let mut attributes: Vec<(usize, Attribute, Evidence)> =
        x.attributes.iter().map(|a| (g(a.subject), a.attribute.clone(), a.evidence.clone())).collect();
    attributes.sort_by(|a, b| (a.0, &a.1, a.2.start).cmp(&(b.0, &b.1, b.2.start)));
    attributes.dedup_by(|a, b| (a.0, &a.1, a.2.start) == (b.0, &b.1, b.2.start));
    DocumentFacts {
        article: x.article.clone(),
        title: x.title.clone(),
        date: x.date.clone(),
        words: x.words,
        mentions,
        facts,
        attributes,
    }
}

/// Resolves the entities of a set of articles into corpus entities.
///
/// Deterministic and order-free: the result depends on the set of articles
/// (each identified by source and hash), not on the order they are given in.
/// Linear in the number of article entities (every rule looks up an index).
pub fn resolve_entities(docs: &[DocEntities<'_>], gaz: &Gazetteer) -> Resolution {
    // Slots are numbered in (source, sha256) order, whatever order the caller used.
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| (docs[a].source, docs[a].sha256).cmp(&(docs[b].source, docs[b].sha256)));
    let slots: Vec<(usize, usize)> =
        order.iter().flat_map(|&d| (0..docs[d].entities.len()).map(move |e| (d, e))).collect();
    let entities: Vec<&ArticleEntity> = slots.iter().map(|&(d, e)| &docs[d].entities[e]).collect();
    let mut keys = Keys::new(entities.len());
    for (i, e) in entities.iter().enumerate() {
        keys.add(i, e, gaz);
    }
    keys.join_pending();
    let mut built = build_entities(&mut keys.dsu, &entities, gaz);
    assign_ids(&mut built);
    let mut assignment: Vec<Vec<usize>> = docs.iter().map(|d| vec![0; d.entities.len()]).collect();
    for (k, (_, members, _)) in built.iter().enumerate() {
        for &i in members {
            let (d, e) = slots[i];
            assignment[d][e] = k;
        }
    }
    Resolution { entities: built.into_iter().map(|(e, _, _)| e).collect(), assignment }
}

/// The keys that identify an entity across articles, joined as they are
/// found, and the entities whose join waits for all keys to be known.
#[derive(Default)]
struct Keys {
    dsu: Dsu,
    by_key: HashMap<String, usize>,
    /// People known by one word only.
    single_people: Vec<(usize, String)>,
    /// Full-name people by each word of their name key, for lone surnames.
    people_by_word: HashMap<String, Vec<usize>>,
    /// Spelled-out entities by each acronym they carry.
    expansions: BTreeMap<String, Vec<usize>>,
    /// Entities known only by an acronym.
    bare_acronyms: Vec<(String, usize)>,
    /// Government bodies by name, of the ones whose article says whose they
    /// are, and the names of the others.
    countried: BTreeMap<String, Vec<usize>>,
    uncountried: Vec<(String, usize)>,
}

impl Keys {
    fn new(n: usize) -> Keys {
        Keys { dsu: Dsu((0..n).collect()), ..Keys::default() }
    }

    fn join(&mut self, key: String, slot: usize) {
        match self.by_key.get(&key) {
            Some(&o) => self.dsu.union(o, slot),
            None => {
                self.by_key.insert(key, slot);
            }
        }
    }

    /// Keys entity `e` in slot `i`.
    fn add(&mut self, i: usize, e: &ArticleEntity, gaz: &Gazetteer) {
        // An acronym names different things in different articles (ESA, KSA):
        // it joins nothing by itself when the entity also has a spelled-out name.
        let spelled: Vec<&String> = e.names.iter().filter(|n| !is_acronym(n)).collect();
        let family = e.class.family();
        if e.class == Class::Person
            && let Some(key) = e.person_key.as_deref().filter(|k| k.contains(' '))
        {
            for w in key.split(' ') {
                self.people_by_word.entry(w.to_string()).or_default().push(i);
            }
        }
        let acronyms = || e.names.iter().filter(|n| is_acronym(n)).map(|n| format!("{family}:{}", norm(n)));
        if let Some(g) = e.gazetteer {
            self.join(format!("g:{}", gaz.entry(g).label), i);
            for n in &spelled {
                self.join(format!("{family}:{}", norm(n)), i);
            }
            for key in acronyms() {
                self.expansions.entry(key).or_default().push(i);
            }
            return;
        }
        match e.class {
            Class::Person => {
                let key = e.person_key.clone().unwrap_or_default();
                if key.contains(' ') {
                    self.join(format!("p:{key}"), i);
                } else {
                    self.single_people.push((i, key));
                }
            }
            // A described instrument shares no name with a named one: it joins only
            // instruments described the same way (same parties, kind and topic).
            // Its label is its longest name: the words the article called it by
            // ("memorandum of understanding") are shared by many and join nothing.
            Class::Agreement if e.described => {
                if let Some(label) = e.names.iter().max_by_key(|n| (n.len(), n.as_str())) {
                    self.join(format!("described:{}", norm(label)), i);
                }
            }
            Class::Meeting | Class::Agreement => {
                let pair = pair_countries(&e.names, gaz);
                let best = e.names.iter().max_by_key(|n| content_words(n, gaz).len()).cloned().unwrap_or_default();
                let words = content_words(&best, gaz).join(" ");
                self.join(format!("{family}:{}|{words}", pair.join("+")), i);
            }
            Class::GovernmentBody if !spelled.is_empty() => {
                for n in &spelled {
                    let key = format!("{family}:{}", norm(n));
                    match &e.country {
                        Some(c) => {
                            self.join(format!("{family}:{c}|{}", norm(n)), i);
                            self.countried.entry(key).or_default().push(i);
                        }
                        None => self.uncountried.push((key, i)),
                    }
                }
                for key in acronyms() {
                    self.expansions.entry(key).or_default().push(i);
                }
            }
            _ => {
                for n in &spelled {
                    self.join(format!("{family}:{}", norm(n)), i);
                }
                for key in acronyms() {
                    if spelled.is_empty() {
                        self.bare_acronyms.push((key, i));
                    } else {
                        self.expansions.entry(key).or_default().push(i);
                    }
                }
            }
        }
    }

    /// The joins that need every key: names several groups may carry,
    /// pairless meeting and agreement names, lone surnames.
    fn join_pending(&mut self) {
        // An entity known only by a name that several groups may carry joins the
        // one group that carries it, or the others like it when none or several do:
        // a government body whose article does not say whose it is (the groups:
        // each country's body of that name), an entity known only by its acronym
        // (the groups: the spelled-out entities that carry it).
        let (uncountried, countried) = (std::mem::take(&mut self.uncountried), std::mem::take(&mut self.countried));
        self.join_the_one(uncountried, &countried);
        let (bare, expansions) = (std::mem::take(&mut self.bare_acronyms), std::mem::take(&mut self.expansions));
        self.join_the_one(bare, &expansions);
        self.join_pairless();
        // A lone surname joins the one person of the corpus who has it.
        let people_by_word = std::mem::take(&mut self.people_by_word);
        let lone: Vec<(String, usize)> =
            std::mem::take(&mut self.single_people).into_iter().map(|(i, name)| (name, i)).collect();
        for (name, i) in lone {
            let roots: BTreeSet<usize> =
                people_by_word.get(&name).into_iter().flatten().map(|&j| self.dsu.find(j)).collect();
            if roots.len() == 1 {
                self.dsu.union(i, *roots.iter().next().expect("one"));
            } else {
                self.join(format!("p1:{name}"), i);
            }
        }
    }

    fn join_the_one(&mut self, mut pending: Vec<(String, usize)>, groups: &BTreeMap<String, Vec<usize>>) {
        pending.sort();
        for (key, i) in pending {
            let roots: BTreeSet<usize> = groups.get(&key).into_iter().flatten().map(|&j| self.dsu.find(j)).collect();
            if roots.len() == 1 {
                self.dsu.union(i, *roots.iter().next().expect("one"));
            } else {
                self.join(key, i);
            }
        }
    }

    /// A pairless meeting or agreement name joins the one paired name with the same words.
    fn join_pairless(&mut self) {
        let mut keys: Vec<(&String, usize)> = self.by_key.iter().map(|(k, &v)| (k, v)).collect();
        keys.sort();
        let mut paired: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (k, v) in &keys {
            if let Some((fam, rest)) = k.split_once(':')
                && (fam == "Meeting" || fam == "Agreement")
                && !rest.starts_with('|')
                && let Some((_, words)) = rest.split_once('|')
            {
                paired.entry((fam, words)).or_default().push(*v);
            }
        }
        let mut unions: Vec<(usize, usize)> = Vec::new();
        for (k, v) in &keys {
            if let Some((fam, rest)) = k.split_once(':')
                && (fam == "Meeting" || fam == "Agreement")
                && rest.starts_with('|')
                && let Some([one]) = paired.get(&(fam, &rest[1..])).map(Vec::as_slice)
            {
                unions.push((*v, *one));
            }
        }
        for (a, b) in unions {
            self.dsu.union(a, b);
        }
    }
}

/// One corpus entity per group of joined slots, with its members and the
/// country its article gives it; sorted by class and label.
fn build_entities(
    dsu: &mut Dsu,
    entities: &[&ArticleEntity],
    gaz: &Gazetteer,
) -> Vec<(Entity, Vec<usize>, Option<String>)> {
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..entities.len() {
        let r = dsu.find(i);
        groups.entry(r).or_default().push(i);
    }
    let mut built: Vec<(Entity, Vec<usize>, Option<String>)> = groups
        .into_values()
        .map(|members| {
            let (entity, country) = group_entity(&members, entities, gaz);
            (entity, members, country)
        })
        .collect();
    built.sort_by(|a, b| (a.0.class, &a.0.label).cmp(&(b.0.class, &b.0.label)));
    built
}

/// The corpus entity a group of article entities makes, and its country.
fn group_entity(members: &[usize], entities: &[&ArticleEntity], gaz: &Gazetteer) -> (Entity, Option<String>) {
    let gz = members.iter().find_map(|&i| entities[i].gazetteer);
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    let mut classes: BTreeMap<Class, usize> = BTreeMap::new();
    for &i in members {
        let e = entities[i];
        *classes.entry(e.class).or_default() += 1;
        for n in &e.names {
            *names.entry(n.clone()).or_default() += 1;
        }
    }
    let class = gz.map(|g| gaz.entry(g).class).unwrap_or_else(|| {
        classes.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(c, _)| *c).expect("a member")
    });
    // A described instrument keeps its descriptive label, its longest
    // name; the words the article called it by are its other names.
    let described = members.iter().all(|&i| entities[i].described);
    let label = match gz {
        Some(g) => gaz.entry(g).label.clone(),
        None if described => names.keys().max_by_key(|n| (n.len(), n.as_str())).cloned().unwrap_or_default(),
        None => pick_label(&names, class),
    };
    let alt_labels: BTreeSet<String> = names.keys().filter(|n| **n != label).cloned().collect();
    let qid = gz.and_then(|g| gaz.entry(g).qid.clone());
    let country = members.iter().find_map(|&i| entities[i].country.clone());
    (Entity { id: String::new(), class, label, alt_labels, qid }, country)
}

/// Gives each entity a unique id from its label: a second body of the same
/// name says whose it is, then its class, then a number.
fn assign_ids(built: &mut [(Entity, Vec<usize>, Option<String>)]) {
    let mut used_ids: BTreeSet<String> = BTreeSet::new();
    for (e, _, country) in built {
        let base = slug(&id_name(&e.label, e.class));
        let mut id = base.clone();
        // Two countries' "Ministry of Foreign Affairs": the second says whose.
        if let Some(c) = country.as_deref().filter(|_| used_ids.contains(&id)) {
            id = format!("{base}-{}", slug(c));
        }
        if used_ids.contains(&id) {
            id = format!("{base}-{}", slug(e.class.name()));
        }
        let mut n = 2;
        while used_ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        used_ids.insert(id.clone());
        e.id = id;
    }
}

/// The name an entity's IRI is made from: its label, without a person's
/// middle initials ("Dana J. Whitfield" → "Dana Whitfield"), so that the IRI
/// stays put when a later article gives an initial the earlier ones left out.
fn id_name(label: &str, class: Class) -> String {
    if class != Class::Person {
        return label.to_string();
    }
    let words: Vec<&str> = label.split_whitespace().collect();
    let is_initial = |w: &str| {
        let letters: Vec<char> = w.trim_end_matches('.').chars().collect();
        letters.len() == 1 && letters[0].is_uppercase()
    };
    let kept: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(i, w)| *i == 0 || *i + 1 == words.len() || !is_initial(w))
        .map(|(_, w)| *w)
        .collect();
    kept.join(" ")
}

/// Whether a name is an acronym ("ESA", "KARI", "UN-SPIDER"): one word, no
/// lowercase letter, at most eight letters.
fn is_acronym(n: &str) -> bool {
    !n.contains(' ')
        && n.chars().any(char::is_alphabetic)
        && !n.chars().any(char::is_lowercase)
        && n.chars().filter(|c| c.is_alphabetic()).count() <= 8
}

/// The canonical name among those seen: not an ordinal or dated variant, not
/// all caps when a spelled-out form exists, then the most frequent, then the longest.
fn pick_label(names: &BTreeMap<String, usize>, class: Class) -> String {
    let score = |n: &str, count: usize| {
        let words: Vec<&str> = n.split_whitespace().collect();
        let plain = !words.iter().any(|w| is_ordinal(w) || (w.len() == 4 && w.chars().all(|c| c.is_ascii_digit())))
            && !n.starts_with("Meeting of");
        let caps =
            words.iter().any(|w| crate::text::is_all_caps(w) && w.len() > 2 && !w.contains('.') && !w.contains('-'));
        let person_ok = class != Class::Person || (words.len() >= 2 && !caps);
        let spelled = class == Class::Person || !crate::text::is_all_caps(n);
        let capital = n.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        (person_ok, plain, spelled, capital, words.len() >= 2, n.len(), count)
    };
    // A series is named without its ordinal or year: "Sixth Meeting of the X
    // Dialogue" and "2023 X Committee" are sessions of "X Dialogue", "X Committee".
    let mut names = names.clone();
    if matches!(class, Class::Meeting | Class::Agreement) {
        let extra: Vec<String> = names.keys().filter_map(|n| series_name(n)).collect();
        for n in extra {
            names.entry(n).or_insert(0);
        }
    }
    let best = names
        .iter()
        .max_by(|a, b| score(a.0, *a.1).cmp(&score(b.0, *b.1)).then(b.0.cmp(a.0)))
        .map(|(n, _)| n.clone())
        .unwrap_or_default();
    if class == Class::Person && best.split_whitespace().any(|w| crate::text::is_all_caps(w) && w.len() > 2) {
        return best.split_whitespace().map(crate::doc::title_case).collect::<Vec<_>>().join(" ");
    }
    best
}

/// The series a session name belongs to, when it names a session.
fn series_name(n: &str) -> Option<String> {
    let words: Vec<&str> = n.split_whitespace().collect();
    let mut i = 0;
    while i < words.len()
        && (is_ordinal(words[i]) || (words[i].len() == 4 && words[i].chars().all(|c| c.is_ascii_digit())))
    {
        i += 1;
    }
    if words.len() > i + 3 && words[i] == "Meeting" && words[i + 1] == "of" && words[i + 2] == "the" {
        i += 3;
    }
    (i > 0 && i < words.len()).then(|| words[i..].join(" "))
}

/// A lowercase ASCII slug: `U.S.-ROK Civil Space Dialogue` → `us-rok-civil-space-dialogue`.
/// The dots of an abbreviation go ("U.S." and "US" give the same slug), so
/// that an IRI does not move when another article spells it the other way.
pub fn slug(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let abbreviation_dot = |i: usize| {
        chars[i] == '.'
            && i > 0
            && chars[i - 1].is_alphabetic()
            && (i < 2 || !chars[i - 2].is_alphanumeric())
            && chars.get(i + 1).is_none_or(|c| !c.is_lowercase())
    };
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if abbreviation_dot(i) {
            continue;
        }
        let c = match c {
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ç' => 'c',
            'ñ' => 'n',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "x".to_string() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A described instrument keeps the words the article called it by as other
    /// names, under its descriptive label; those words join nothing across articles.
    #[test]
    fn described_instruments_keep_their_words_and_join_only_on_their_label() {
        let gaz = crate::Gazetteer::builtin();
        let read = |name: &str, text: &str| {
            crate::extract_article(crate::input::from_text(name, text.as_bytes()).unwrap(), gaz)
        };
        let a = read("a.txt", "Launchers\n\nGermany, France and Italy have signed a joint declaration on launchers.");
        let b = read("b.txt", "Launchers\n\nSpain and Portugal have signed a joint declaration on launchers.");
        let corpus = resolve(vec![a, b], gaz);
        let mut declarations: Vec<(&str, Vec<&str>)> = corpus
            .entities
            .iter()
            .filter(|e| e.class == Class::Agreement)
            .map(|e| (e.label.as_str(), e.alt_labels.iter().map(String::as_str).collect()))
            .collect();
        declarations.sort();
        assert_eq!(
            declarations,
            [
                ("France–Germany–Italy joint declaration on launchers", vec!["joint declaration"]),
                ("Portugal–Spain joint declaration on launchers", vec!["joint declaration"]),
            ]
        );
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("U.S.-ROK Civil Space Dialogue"), "us-rok-civil-space-dialogue");
        assert_eq!(slug("US-ROK Civil Space Dialogue"), "us-rok-civil-space-dialogue");
        assert_eq!(slug("Washington, D.C."), "washington-dc");
        assert_eq!(slug("Dr. Jane Rigby"), "dr-jane-rigby");
        assert_eq!(slug("Centre national d'études spatiales"), "centre-national-d-etudes-spatiales");
    }

    #[test]
    fn person_iris_leave_out_middle_initials() {
        assert_eq!(slug(&id_name("Dana J. Whitfield", Class::Person)), "dana-whitfield");
        assert_eq!(slug(&id_name("J. Dana Whitfield", Class::Person)), "j-dana-whitfield");
        assert_eq!(slug(&id_name("U.S. Space Force", Class::GovernmentBody)), "us-space-force");
    }

    #[test]
    fn labels_prefer_plain_full_names() {
        let names: BTreeMap<String, usize> = [
            ("Sixth Meeting of the U.S.-Japan Comprehensive Dialogue on Space".to_string(), 1),
            ("U.S.-Japan Comprehensive Dialogue on Space".to_string(), 1),
            ("Comprehensive Dialogue".to_string(), 2),
        ]
        .into_iter()
        .collect();
        assert_eq!(pick_label(&names, Class::Meeting), "U.S.-Japan Comprehensive Dialogue on Space");
        let only_session: BTreeMap<String, usize> =
            [("Sixth Meeting of the U.S.-Japan Comprehensive Dialogue on Space".to_string(), 1)].into_iter().collect();
        assert_eq!(pick_label(&only_session, Class::Meeting), "U.S.-Japan Comprehensive Dialogue on Space");
        let agreement: BTreeMap<String, usize> =
            [("agreement on L4".to_string(), 1), ("L4 agreement".to_string(), 1)].into_iter().collect();
        assert_eq!(pick_label(&agreement, Class::Agreement), "L4 agreement");
        let people: BTreeMap<String, usize> =
            [("KISHIDA Fumio".to_string(), 3), ("Kishida".to_string(), 5), ("Fumio Kishida".to_string(), 1)]
                .into_iter()
                .collect();
        assert_eq!(pick_label(&people, Class::Person), "Fumio Kishida");
    }

    /// Every country has its "Ministry of Foreign Affairs": bodies of one name
    /// join across articles only when their countries agree; one whose article
    /// does not say whose it is joins the one country that has it.
    #[test]
    fn government_bodies_of_one_name_join_by_country() {
        let gaz = Gazetteer::builtin();
        let body = |name: &str, country: Option<&str>| ArticleEntity {
            class: Class::GovernmentBody,
            names: [name.to_string()].into_iter().collect(),
            gazetteer: None,
            person_key: None,
            surname: None,
            described: false,
            country: country.map(str::to_string),
        };
        let articles = [
            ("a", vec![body("Ministry of Foreign Affairs", Some("Japan")), body("Space Council", Some("Japan"))]),
            ("b", vec![body("Ministry of Foreign Affairs", Some("Romania"))]),
            ("c", vec![body("Ministry of Foreign Affairs", Some("Japan")), body("Space Council", None)]),
            ("d", vec![body("Ministry of Foreign Affairs", None)]),
        ];
        let docs: Vec<DocEntities<'_>> =
            articles.iter().map(|(s, e)| DocEntities { source: s, sha256: s, entities: e }).collect();
        let r = resolve_entities(&docs, gaz);
        let id = |d: usize, e: usize| r.entities[r.assignment[d][e]].id.as_str();
        assert_eq!(id(0, 0), id(2, 0), "Japan's, in two articles");
        assert_ne!(id(0, 0), id(1, 0), "Japan's and Romania's");
        assert!(id(1, 0).ends_with("-romania") || id(0, 0).ends_with("-japan"), "{} {}", id(0, 0), id(1, 0));
        assert!(![id(0, 0), id(1, 0)].contains(&id(3, 0)), "whose is not said, and two countries have one");
        assert_eq!(id(0, 1), id(2, 1), "only Japan has a Space Council here");
        assert_eq!(r.entities.len(), 4);
    }
}
