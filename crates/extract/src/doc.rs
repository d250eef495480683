//! The per-article entity table: local entities, their names, and merging.

use crate::gazetteer::Gazetteer;
use crate::lexicon::is_ordinal;
use crate::model::Class;
use std::cell::Cell;
use std::collections::{BTreeSet, HashMap};

/// What is known of a described instrument until its label is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described {
    /// The kind as a label writes it ("memorandum of understanding").
    pub kind: &'static str,
    /// What it is about, in the article's words, when no program says it.
    pub topic: Option<String>,
}

/// A person's name split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    /// The tokens in display order (given name first for western order).
    pub tokens: Vec<String>,
    /// The family name.
    pub surname: String,
    /// Whether the family name comes first in the text's convention.
    pub family_first: bool,
}

impl PersonName {
    /// Builds a name from tokens as written. An all-caps first token
    /// (`KISHIDA Fumio`) or a hyphenated lowercase given name (`Yoon Suk-yeol`)
    /// marks the family name first.
    pub fn parse(tokens: &[&str]) -> PersonName {
        let upper_first = tokens.len() >= 2
            && crate::text::is_all_caps(tokens[0])
            && !crate::text::is_all_caps(tokens[tokens.len() - 1]);
        let korean_style = tokens.len() == 2
            && tokens[1].contains('-')
            && tokens[1].split('-').nth(1).is_some_and(|p| p.chars().next().is_some_and(char::is_lowercase));
        let family_first = upper_first || korean_style;
        let tokens: Vec<String> = tokens
            .iter()
            .map(|t| if crate::text::is_all_caps(t) && t.len() > 2 { title_case(t) } else { t.to_string() })
            .collect();
        // The family name keeps its particles ("Van der Berg", "Di Stefano", "Al Khalifa") and
        // drops a suffix ("Marciano Jr.").
        let mut last = tokens.len() - 1;
        while last > 0 && crate::names::SUFFIXES.contains(&tokens[last].trim_end_matches('.')) {
            last -= 1;
        }
        let mut first = last;
        while first > 1 && crate::names::is_any_particle(&tokens[first - 1]) {
            first -= 1;
        }
        let surname = if family_first { tokens[0].clone() } else { tokens[first..=last].join(" ") };
        PersonName { tokens, surname, family_first }
    }

    /// The name as one string.
    pub fn display(&self) -> String {
        self.tokens.join(" ")
    }

    /// An order-free key: the lowercase tokens, hyphens dropped, sorted.
    pub fn key(&self) -> String {
        // Middle initials do not tell two people apart ("John F. Kennedy" = "John Kennedy"),
        // unless the name is nothing but an initial and a surname ("V. Narayanan").
        // Suffixes ("Jr.") are left out the same way.
        let initial = |t: &str| {
            let bare = t.trim_end_matches('.');
            bare.chars().count() == 1 || crate::names::SUFFIXES.contains(&bare)
        };
        let full: Vec<&String> = self.tokens.iter().filter(|t| !initial(t)).collect();
        let kept: Vec<&String> = if full.len() >= 2 { full } else { self.tokens.iter().collect() };
        let mut t: Vec<String> = kept.iter().map(|t| t.to_lowercase().replace(['-', '\'', '.'], "")).collect();
        t.sort();
        t.join(" ")
    }
}

/// `KISHIDA` → `Kishida`, `YOON` → `Yoon`.
pub fn title_case(s: &str) -> String {
    let mut out = String::new();
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
    out
}

/// One entity as one article knows it.
#[derive(Debug, Clone)]
pub struct LocalEntity {
    /// Its class.
    pub class: Class,
    /// Every surface form seen.
    pub names: BTreeSet<String>,
    /// The gazetteer entry, when known.
    pub gaz: Option<usize>,
    /// The person's name parts, for people.
    pub person: Option<PersonName>,
    /// Whether the class came from a weak cue and may be overridden.
    pub weak_class: bool,
    /// For an instrument the article describes but does not name: its kind and topic.
    pub described: Option<Described>,
}

/// The table of an article's entities, with union-find merging.
#[derive(Debug, Default)]
pub struct EntityTable {
    entities: Vec<LocalEntity>,
    /// Union-find parents. Cells, so that [`EntityTable::find`] (which takes
    /// `&self`) can shorten the paths it walks: without that, an article that
    /// merges thousands of mentions into one entity walks ever longer chains.
    parent: Vec<Cell<usize>>,
    keys: HashMap<String, usize>,
}

/// Normalises a name for matching: case, apostrophes, a leading "the", a
/// trailing possessive, spacing.
pub fn norm(name: &str) -> String {
    let s = name.replace(['\u{2019}', '\u{2018}'], "'").to_lowercase();
    let s = s.trim().trim_start_matches("the ").trim_end_matches("'s").trim();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of a meeting or agreement name that identify it: ordinals,
/// years, "Meeting of the" and the country pair stripped, sorted.
pub fn content_words(name: &str, gaz: &Gazetteer) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for w in name.split_whitespace() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty() || is_ordinal(w) || (w.len() == 4 && w.chars().all(|c| c.is_ascii_digit())) {
            continue;
        }
        if w.contains('-') && country_pair(w, gaz).is_some() {
            continue;
        }
        if gaz.country_of_modifier(w).is_some() {
            continue;
        }
        let l = w.to_lowercase();
        if ["the", "of", "on", "for", "and", "in", "a", "an"].contains(&l.as_str()) {
            continue;
        }
        words.push(l);
    }
    // "Meeting of the X Dialogue" and "X Dialogue Meeting" are the dialogue.
    if words.len() > 1
        && words.iter().filter(|w| ["dialogue", "committee", "summit", "forum"].contains(&w.as_str())).count() > 0
    {
        words.retain(|w| w != "meeting");
    }
    words.sort();
    words.dedup();
    words
}

/// The two countries of a pair such as `U.S.-ROK` or `Japan-US`.
pub fn country_pair(token: &str, gaz: &Gazetteer) -> Option<(usize, usize)> {
    let parts: Vec<&str> = split_pair(token);
    if parts.len() != 2 {
        return None;
    }
    let a = gaz.country_of_modifier(parts[0])?;
    let b = gaz.country_of_modifier(parts[1])?;
    (a != b).then_some((a, b))
}

/// The two parties of a pair such as `NASA-ISRO` or `U.S.-ROK` (countries or organisations).
pub fn actor_pair(token: &str, gaz: &Gazetteer) -> Option<(usize, usize)> {
    if let Some(p) = country_pair(token, gaz) {
        return Some(p);
    }
    let parts: Vec<&str> = split_pair(token);
    if parts.len() != 2 {
        return None;
    }
    let actor = |p: &str| gaz.lookup(p).filter(|&e| gaz.entry(e).class.is_actor());
    let (a, b) = (actor(parts[0])?, actor(parts[1])?);
    (a != b).then_some((a, b))
}

/// Splits `U.S.-ROK` into `U.S.` and `ROK`.
pub fn split_pair(token: &str) -> Vec<&str> {
    token.split(['-', '\u{2010}', '\u{2011}', '\u{2013}']).filter(|p| !p.is_empty()).collect()
}

impl EntityTable {
    /// Finds the representative of an entity.
    pub fn find(&self, i: usize) -> usize {
        let mut root = i;
        while self.parent[root].get() != root {
            root = self.parent[root].get();
        }
        // Path compression: every entity on the way now points at the root.
        let mut j = i;
        while j != root {
            j = self.parent[j].replace(root);
        }
        root
    }

    /// The entity (after merges).
    pub fn get(&self, i: usize) -> &LocalEntity {
        &self.entities[self.find(i)]
    }

    /// Mutable access to the entity (after merges).
    pub fn get_mut(&mut self, i: usize) -> &mut LocalEntity {
        let r = self.find(i);
        &mut self.entities[r]
    }

    /// The entity under a key, if any.
    pub fn by_key(&self, key: &str) -> Option<usize> {
        self.keys.get(key).map(|&i| self.find(i))
    }

    /// Creates or returns the entity under `key`, adding `surface` to its names.
    pub fn intern(&mut self, key: String, surface: &str, make: impl FnOnce() -> LocalEntity) -> usize {
        if let Some(&i) = self.keys.get(&key) {
            let r = self.find(i);
            self.entities[r].names.insert(surface.to_string());
            return r;
        }
        let mut e = make();
        e.names.insert(surface.to_string());
        let i = self.entities.len();
        self.entities.push(e);
        self.parent.push(Cell::new(i));
        self.keys.insert(key, i);
        i
    }

    /// Adds another key for an entity.
    pub fn alias_key(&mut self, key: String, i: usize) {
        self.keys.entry(key).or_insert(i);
    }

    /// Merges `b` into `a` (the gazetteer entry or the stronger class wins).
    pub fn union(&mut self, a: usize, b: usize) -> usize {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return ra;
        }
        // Keep the entity with a gazetteer entry, then a strong class.
        let (keep, drop) = {
            let (ea, eb) = (&self.entities[ra], &self.entities[rb]);
            if ea.gaz.is_none() && eb.gaz.is_some()
                || (ea.weak_class && !eb.weak_class && eb.gaz.is_none() && ea.gaz.is_none())
            {
                (rb, ra)
            } else {
                (ra, rb)
            }
        };
        self.parent[drop].set(keep);
        let moved: Vec<String> = self.entities[drop].names.iter().cloned().collect();
        self.entities[keep].names.extend(moved);
        if self.entities[keep].person.is_none() {
            self.entities[keep].person = self.entities[drop].person.clone();
        }
        keep
    }

    /// Representatives of all entities, in creation order.
    pub fn roots(&self) -> Vec<usize> {
        (0..self.entities.len()).filter(|&i| self.parent[i].get() == i).collect()
    }

    /// All representatives that are people.
    pub fn people(&self) -> Vec<usize> {
        self.roots().into_iter().filter(|&i| self.entities[i].class == Class::Person).collect()
    }

    /// Number of entity slots (including merged ones).
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// Whether there are no entities.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_names_know_their_order() {
        let p = PersonName::parse(&["KISHIDA", "Fumio"]);
        assert_eq!((p.display().as_str(), p.surname.as_str(), p.family_first), ("Kishida Fumio", "Kishida", true));
        assert_eq!(p.key(), PersonName::parse(&["Fumio", "Kishida"]).key());
        let y = PersonName::parse(&["Yoon", "Suk-yeol"]);
        assert_eq!(y.surname, "Yoon");
        assert_ne!(y.key(), PersonName::parse(&["Yoon", "Young-bin"]).key());
        assert_eq!(PersonName::parse(&["Bill", "Nelson"]).surname, "Nelson");
    }

    #[test]
    fn names_normalise() {
        assert_eq!(norm("the Artemis Program’s"), "artemis program");
    }
}
