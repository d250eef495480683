//! Clause frames: what a sentence says happened, who did it, to what, with
//! whom, and whether it happened at all.
//!
//! A sentence is cut into clauses at the words of the `clause-break` class
//! ("which", "while", ";", "—" …) and at an "and" that starts a new verb
//! group ("and will", "and signed"). In each clause, every word of a
//! predicate class (a signing, joining, taking-part, cooperating, meeting,
//! attending or holding verb, or an event noun such as "signing",
//! "participation", "cooperation", "talks") is a [`Frame`], with
//!
//! - its **arguments**: the entity mentions around it, read as lists
//!   ("Argentina, Bolivia and Chile", titles and possessives included:
//!   "NASA Administrator Bill Nelson and JAXA President Yamakawa" is one list)
//!   in the roles agent (who acts), theme (what is acted on) and obliques
//!   (a list after a preposition: "with ISRO", "between A and B", "in Lisbon");
//!   a passive verb takes its agent from "by";
//! - its **status**: a cue of the `planned`, `negated` or `ended` class between
//!   the clause's start (or the agent) and the predicate ("will sign", "has
//!   not joined", "suspended its cooperation") takes it out of the plain facts;
//! - its **dates**, read in the clause ([`crate::dates`]).
//!
//! The reader is shallow and linear in the sentence: no parser, no
//! statistics; the same text and gazetteer give the same frames.

use crate::dates::{DateHit, find_dates};
use crate::model::{Class, Status};
use crate::ner::{Kind, Sentence};
use crate::text::Shape;
use crate::words::{self, WordClass};

/// A list of mentions read as one argument ("Argentina, Bolivia and Chile").
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Indices into the sentence's mentions.
    pub members: Vec<usize>,
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The preposition that governs it, as written in lowercase ("with", "on behalf of").
    pub prep: Option<String>,
    /// The clause it sits in.
    pub clause: usize,
}

/// A predicate and its arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// The predicate's class.
    pub class: WordClass,
    /// Its first token.
    pub at: usize,
    /// One past its last token.
    pub end: usize,
    /// Whether it is an event noun ("the signing of").
    pub noun: bool,
    /// Whether the verb is passive ("was signed by").
    pub passive: bool,
    /// Whether what it tells did not plainly happen.
    pub status: Option<Status>,
    /// Its clause.
    pub clause: usize,
    /// Who acts: indices into [`Clauses::groups`].
    pub agent: Vec<usize>,
    /// What is acted on.
    pub theme: Vec<usize>,
    /// Lists after a preposition, in the frame's reach.
    pub obliques: Vec<usize>,
    /// Dates in its clause.
    pub dates: Vec<DateHit>,
}

/// The clauses, argument lists and frames of one sentence.
#[derive(Debug, Clone, Default)]
pub struct Clauses {
    /// Clause token ranges, in order.
    pub clauses: Vec<(usize, usize)>,
    /// Argument lists, in order.
    pub groups: Vec<Group>,
    /// Frames, in order.
    pub frames: Vec<Frame>,
    /// Lowercase tokens.
    pub lower: Vec<String>,
    /// For each token, the status cue that starts there (with its length).
    cues: Vec<Option<(Cue, usize)>>,
}

/// A word that tells a clause's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    /// Negated, ended or planned, whatever the event.
    Status(Status),
    /// A future auxiliary: plans a signing or a meeting, not a program's partner.
    Future,
}

/// Event nouns, whose planned adjectives ("potential participation") count.
const EVENT_NOUNS: &[WordClass] =
    &[WordClass::SignNoun, WordClass::ParticipateNoun, WordClass::CooperateNoun, WordClass::MeetNoun];

/// Predicate classes of events a future auxiliary puts off: signing and meeting.
pub fn future_counts(wc: WordClass) -> bool {
    matches!(
        wc,
        WordClass::Sign
            | WordClass::SignNoun
            | WordClass::Accede
            | WordClass::Meet
            | WordClass::MeetNoun
            | WordClass::Attend
            | WordClass::Hold
    )
}

/// Predicate classes and whether they are event nouns.
const PREDICATES: &[(WordClass, bool)] = &[
    (WordClass::Sign, false),
    (WordClass::Accede, false),
    (WordClass::Participate, false),
    (WordClass::Cooperate, false),
    (WordClass::Meet, false),
    (WordClass::Attend, false),
    (WordClass::Hold, false),
    (WordClass::SignNoun, true),
    (WordClass::ParticipateNoun, true),
    (WordClass::CooperateNoun, true),
    (WordClass::MeetNoun, true),
];

impl Clauses {
    /// Reads the clauses of sentence `s`; `class` gives an entity's class.
    pub fn read(s: &Sentence<'_>, class: &dyn Fn(usize) -> Class, year: Option<i32>) -> Clauses {
        let lower = words::lower(&s.tokens);
        let mut c = Clauses { lower, ..Clauses::default() };
        c.cut(s);
        c.read_cues(s);
        c.group(s);
        c.find_predicates(s, class);
        let dates = find_dates(&s.tokens, year);
        for f in &mut c.frames {
            let (a, b) = c.clauses[f.clause];
            f.dates = dates.iter().filter(|d| d.start >= a && d.end <= b && !is_dateline(s, d)).cloned().collect();
        }
        c
    }

    /// The clause holding token `k`.
    pub fn clause_of(&self, k: usize) -> usize {
        self.clauses.iter().position(|&(a, b)| a <= k && k < b).unwrap_or(0)
    }

    fn cut(&mut self, s: &Sentence<'_>) {
        let n = s.tokens.len();
        let mut start = 0;
        let mut k = 0;
        while k < n {
            let inside = s.mentions.iter().any(|m| m.start < k && k < m.end);
            let brk = if inside {
                None
            } else if words::is(WordClass::ClauseAnd, &s.tokens, &self.lower, k) {
                Some(1)
            } else {
                words::at(WordClass::ClauseBreak, &s.tokens, &self.lower, k)
            };
            match brk {
                Some(len) => {
                    if k > start {
                        self.clauses.push((start, k));
                    }
                    start = k;
                    k += len;
                }
                None => k += 1,
            }
        }
        if n > start || self.clauses.is_empty() {
            self.clauses.push((start, n.max(start)));
        }
    }

    fn read_cues(&mut self, s: &Sentence<'_>) {
        let n = s.tokens.len();
        self.cues = vec![None; n];
        let mut k = 0;
        while k < n {
            if s.mentions.iter().any(|m| m.start <= k && k < m.end) {
                k += 1;
                continue;
            }
            if let Some(len) = words::at(WordClass::NotStatus, &s.tokens, &self.lower, k) {
                k += len;
                continue;
            }
            let found = [
                (WordClass::Negated, Cue::Status(Status::Negated)),
                (WordClass::Ended, Cue::Status(Status::Ended)),
                (WordClass::Planned, Cue::Status(Status::Planned)),
                (WordClass::Future, Cue::Future),
            ]
            .into_iter()
            .find_map(|(wc, cue)| words::at(wc, &s.tokens, &self.lower, k).map(|len| (cue, len)))
            .or_else(|| {
                // "potential participation": the adjective plans the event noun after it.
                let len = words::at(WordClass::PlannedAdjective, &s.tokens, &self.lower, k)?;
                let noun = |j: usize| EVENT_NOUNS.iter().any(|wc| words::is(*wc, &s.tokens, &self.lower, j));
                (noun(k + len) || noun(k + len + 1)).then_some((Cue::Status(Status::Planned), len))
            })
            .or_else(|| {
                // A headline's "to sign", "to join": what the article announces.
                let verb = |wc: &(WordClass, bool)| !wc.1 && words::is(wc.0, &s.tokens, &self.lower, k + 1);
                (s.is_title && self.lower[k] == "to" && PREDICATES.iter().any(verb)).then_some((Cue::Future, 1))
            });
            match found {
                Some((cue, len)) => {
                    self.cues[k] = Some((cue, len));
                    k += len;
                }
                None => k += 1,
            }
        }
    }

    /// The strongest status cue in tokens `a..b` (negated, then ended, then
    /// planned); a future auxiliary counts when `future` is set.
    pub fn status_in(&self, a: usize, b: usize, future: bool) -> Option<Status> {
        let mut best: Option<Status> = None;
        for (cue, _) in self.cues.get(a..b.min(self.cues.len())).into_iter().flatten().flatten() {
            let st = match cue {
                Cue::Status(st) => *st,
                Cue::Future if future => Status::Planned,
                Cue::Future => continue,
            };
            if best.is_none_or(|x| st < x) {
                best = Some(st);
            }
        }
        best
    }

    /// The status of what tokens `p` and `q` (`p < q`) say together: the cues
    /// in the clause of `q`, before it.
    pub fn status_between(&self, p: usize, q: usize, future: bool) -> Option<Status> {
        let (a, _) = self.clauses[self.clause_of(q)];
        self.status_in(a.max(p.min(a)), q, future)
    }

    fn group(&mut self, s: &Sentence<'_>) {
        let args: Vec<usize> = (0..s.mentions.len())
            .filter(|&i| matches!(s.mentions[i].kind, Kind::Name | Kind::Short | Kind::Generic))
            .collect();
        let mut current: Option<Group> = None;
        for i in args {
            let m = &s.mentions[i];
            let clause = self.clause_of(m.start);
            let joins = current.as_ref().is_some_and(|g| g.clause == clause && self.connects(s, g.end, m.start));
            if joins {
                let g = current.as_mut().expect("joins implies a group");
                g.members.push(i);
                g.end = m.end;
            } else {
                if let Some(g) = current.take() {
                    self.groups.push(g);
                }
                let prep = self.governing(s, m.start, clause);
                current = Some(Group { members: vec![i], start: m.start, end: m.end, prep, clause });
            }
        }
        if let Some(g) = current {
            self.groups.push(g);
        }
    }

    /// Whether tokens `a..b` only join two list members: list connectors,
    /// determiners, titles and possessives ("NASA Administrator Bill Nelson",
    /// "Peru, Chile and Colombia", "Japan's").
    fn connects(&self, s: &Sentence<'_>, a: usize, b: usize) -> bool {
        let mut k = a;
        while k < b {
            let t = &s.tokens[k];
            if t.shape == Shape::Possessive || crate::ner::is_title_word(t.text) {
                k += 1;
                continue;
            }
            match words::at(WordClass::Coordinator, &s.tokens, &self.lower, k)
                .or_else(|| words::at(WordClass::Determiner, &s.tokens, &self.lower, k))
            {
                Some(len) => k += len,
                None => return false,
            }
        }
        b - a <= 4
    }

    /// The preposition governing a list starting at `start`: the nearest
    /// preposition before it, past determiners and up to two other words.
    fn governing(&self, s: &Sentence<'_>, start: usize, clause: usize) -> Option<String> {
        let from = self.clauses[clause].0;
        let mut k = start;
        let mut skipped = 0;
        while k > from {
            k -= 1;
            // A phrase ending here ("on behalf of", "as part of").
            for len in (1..=4).rev() {
                if k + 1 >= len
                    && k + 1 - len >= from
                    && words::at(WordClass::Preposition, &s.tokens, &self.lower, k + 1 - len) == Some(len)
                {
                    return Some(self.lower[k + 1 - len..=k].join(" "));
                }
            }
            if words::is(WordClass::Determiner, &s.tokens, &self.lower, k) {
                continue;
            }
            let t = &s.tokens[k];
            if t.shape != Shape::Word || !t.is_lowercase() || skipped == 2 || self.is_predicate(s, k) {
                return None;
            }
            skipped += 1;
        }
        None
    }

    fn is_predicate(&self, s: &Sentence<'_>, k: usize) -> bool {
        PREDICATES.iter().any(|(wc, _)| words::is(*wc, &s.tokens, &self.lower, k))
    }

    fn find_predicates(&mut self, s: &Sentence<'_>, class: &dyn Fn(usize) -> Class) {
        let n = s.tokens.len();
        let mut k = 0;
        while k < n {
            if s.mentions.iter().any(|m| m.start <= k && k < m.end) {
                k += 1;
                continue;
            }
            let hit = PREDICATES
                .iter()
                .find_map(|&(wc, noun)| words::at(wc, &s.tokens, &self.lower, k).map(|len| (wc, noun, len)));
            let Some((wc, noun, len)) = hit else {
                k += 1;
                continue;
            };
            let frame = self.frame(s, wc, noun, k, k + len, class);
            self.frames.push(frame);
            k += len;
        }
        // A frame's obliques reach to the next predicate of its clause.
        for i in 0..self.frames.len() {
            let f = &self.frames[i];
            let (_, clause_end) = self.clauses[f.clause];
            let reach = self.frames[i + 1..].iter().find(|g| g.clause == f.clause).map_or(clause_end, |g| g.at);
            let (at, end, clause) = (f.at, f.end, f.clause);
            let obliques: Vec<usize> = (0..self.groups.len())
                .filter(|&g| {
                    let gr = &self.groups[g];
                    gr.clause == clause && gr.prep.is_some() && (gr.start >= end && gr.start < reach || gr.end <= at)
                })
                .collect();
            self.frames[i].obliques = obliques;
        }
    }

    fn frame(
        &self,
        s: &Sentence<'_>,
        wc: WordClass,
        noun: bool,
        at: usize,
        end: usize,
        class: &dyn Fn(usize) -> Class,
    ) -> Frame {
        let clause = self.clause_of(at);
        let (ca, cb) = self.clauses[clause];
        let be_before = (at.saturating_sub(3).max(ca)..at).any(|j| words::is(WordClass::Be, &s.tokens, &self.lower, j));
        let participle = self.lower[end - 1].ends_with("ed") || matches!(self.lower[end - 1].as_str(), "held" | "met");
        let by_after = self.lower.get(end).is_some_and(|w| w == "by");
        let passive = !noun && participle && (be_before || by_after);
        // The nearest list before the predicate that no preposition governs.
        let before =
            self.groups.iter().enumerate().rev().find(|(_, g)| g.clause == clause && g.end <= at && g.prep.is_none());
        let after = self
            .groups
            .iter()
            .enumerate()
            .find(|(_, g)| g.clause == clause && g.start >= end && g.start < cb && g.prep.is_none());
        let possessor = self.groups.iter().enumerate().find(|(_, g)| {
            g.clause == clause
                && s.tokens.get(g.end).is_some_and(|t| t.shape == Shape::Possessive)
                && g.end + 1 <= at
                && at <= g.end + 4
        });
        let (agent, theme): (Vec<usize>, Vec<usize>) = if noun {
            (possessor.map(|(i, _)| i).into_iter().collect(), Vec::new())
        } else if passive {
            (Vec::new(), before.map(|(i, _)| i).into_iter().collect())
        } else {
            (before.map(|(i, _)| i).into_iter().collect(), after.map(|(i, _)| i).into_iter().collect())
        };
        // The verb group: from the agent (or the clause start) to the predicate.
        let from = agent.first().map_or(ca, |&g| self.groups[g].end);
        let status = self.status_in(from.max(ca), at, future_counts(wc));
        let _ = class;
        Frame {
            class: wc,
            at,
            end,
            noun,
            passive,
            status,
            clause,
            agent,
            theme,
            obliques: Vec::new(),
            dates: Vec::new(),
        }
    }

    /// The entities of a list.
    pub fn entities(&self, s: &Sentence<'_>, g: usize) -> Vec<usize> {
        self.groups[g].members.iter().map(|&m| s.mentions[m].entity).collect()
    }

    /// The obliques of frame `f` governed by one of `preps`.
    pub fn oblique<'c>(&'c self, f: &'c Frame, preps: &'c [&str]) -> impl Iterator<Item = usize> + 'c {
        f.obliques.iter().copied().filter(move |&g| self.groups[g].prep.as_deref().is_some_and(|p| preps.contains(&p)))
    }
}

/// A date opening the sentence before a dateline mark is the article's date.
fn is_dateline(s: &Sentence<'_>, d: &DateHit) -> bool {
    d.start == 0 && s.tokens.get(d.end).is_some_and(|t| t.text == "(" || t.is_all_caps() || t.text == "—")
}
