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
    /// Each clause's first token and one past its last (an aside in
    /// brackets inside it belongs to a clause of its own).
    pub clauses: Vec<(usize, usize)>,
    /// The clause of each token.
    pub token_clause: Vec<usize>,
    /// Argument lists, in order.
    pub groups: Vec<Group>,
    /// Frames, in order.
    pub frames: Vec<Frame>,
    /// Lowercase tokens.
    pub lower: Vec<String>,
    /// The word-class entries starting at each token (see [`words::tag`]).
    hits: Vec<Vec<(WordClass, usize)>>,
    /// Whether each token is inside an entity mention.
    in_mention: Vec<bool>,
    /// Whether each token is inside a mention and not its first token.
    mid_mention: Vec<bool>,
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
    (WordClass::Leave, false),
    (WordClass::Gather, false),
    (WordClass::Together, false),
    (WordClass::Build, false),
    (WordClass::SignNoun, true),
    (WordClass::ParticipateNoun, true),
    (WordClass::CooperateNoun, true),
    (WordClass::MeetNoun, true),
    (WordClass::Act, false),
    (WordClass::Cover, false),
];

impl Clauses {
    /// Reads the clauses of sentence `s`; `class` gives an entity's class.
    pub fn read(s: &Sentence<'_>, class: &dyn Fn(usize) -> Class, year: Option<i32>) -> Clauses {
        let lower = words::lower(&s.tokens);
        let hits = words::tag(&s.tokens, &lower);
        let mut in_mention = vec![false; lower.len()];
        let mut mid_mention = vec![false; lower.len()];
        for m in &s.mentions {
            for k in m.start..m.end.min(lower.len()) {
                in_mention[k] = true;
                mid_mention[k] |= k > m.start;
            }
        }
        let mut c = Clauses { lower, hits, in_mention, mid_mention, ..Clauses::default() };
        c.cut(s);
        c.read_cues(s);
        c.group(s, class);
        c.find_predicates(s);
        // Dates only where a frame can take them (events: signing, meeting, attending, holding).
        let dated = c.frames.iter().any(|f| future_counts(f.class));
        let dates = if dated { find_dates(&s.tokens, year) } else { Vec::new() };
        for f in &mut c.frames {
            let (a, b) = c.clauses[f.clause];
            f.dates = dates
                .iter()
                .filter(|d| d.start >= a && d.end <= b && c.token_clause[d.start] == f.clause && !is_dateline(s, d))
                .cloned()
                .collect();
        }
        c
    }

    /// How many tokens the longest entry of `class` starting at `k` takes.
    pub fn at(&self, class: WordClass, k: usize) -> Option<usize> {
        self.hits.get(k)?.iter().find(|(c, _)| *c == class).map(|&(_, len)| len)
    }

    /// Whether an entry of `class` starts at token `k`.
    pub fn is(&self, class: WordClass, k: usize) -> bool {
        self.at(class, k).is_some()
    }

    /// Whether clause `c` is a bracketed aside ("(ISRO)").
    pub fn is_bracketed(&self, c: usize) -> bool {
        self.lower[self.clauses[c].0] == "("
    }

    /// Whether an entry of `class` starts anywhere in the sentence.
    pub fn any(&self, class: WordClass) -> bool {
        self.hits.iter().flatten().any(|(c, _)| *c == class)
    }

    /// The clause holding token `k`.
    pub fn clause_of(&self, k: usize) -> usize {
        self.token_clause.get(k).or(self.token_clause.last()).copied().unwrap_or(0)
    }

    /// Cuts the sentence into clauses: a break word starts a new one; an
    /// aside in brackets is a clause of its own, and the clause around it
    /// goes on after it ("VNSC (under VAST) and Sumitomo have signed").
    fn cut(&mut self, s: &Sentence<'_>) {
        let n = s.tokens.len();
        self.token_clause = vec![0; n];
        self.clauses.push((0, 0));
        let mut current = 0;
        let mut outer: Vec<usize> = Vec::new();
        // The clause a relative aside between commas interrupts.
        let mut aside_of: Option<usize> = None;
        let mut k = 0;
        while k < n {
            let inside = self.mid_mention[k];
            let text = s.tokens[k].text;
            let mut len = 1;
            if let Some(resumed) = aside_of.filter(|_| !inside && text == "," && self.resumes(k + 1)) {
                // ", which outline best practices, with NASA's Pam Melroy": the
                // comma closes the aside, and the clause it interrupted goes on.
                self.token_clause[k] = current;
                self.clauses[current].1 = k + 1;
                current = resumed;
                aside_of = None;
                k += 1;
                continue;
            }
            if !inside && text == "(" && outer.len() < 4 {
                outer.push(current);
                current = self.open(k);
            } else if !inside && text == ")" && !outer.is_empty() {
                self.token_clause[k] = current;
                self.clauses[current].1 = k + 1;
                current = outer.pop().unwrap_or(0);
                k += 1;
                continue;
            } else if !inside {
                let brk = if self.is(WordClass::ClauseAnd, k) { Some(1) } else { self.at(WordClass::ClauseBreak, k) };
                if let Some(l) = brk {
                    len = l;
                    let relative = k >= 1 && s.tokens[k - 1].text == "," && self.is(WordClass::RelativeAside, k);
                    let interrupted = current;
                    if self.clauses[current].1 > self.clauses[current].0 {
                        current = self.open(k);
                    }
                    aside_of = relative.then_some(interrupted).filter(|&c| c != current);
                }
            }
            for j in k..(k + len).min(n) {
                self.token_clause[j] = current;
            }
            if self.clauses[current].1 == self.clauses[current].0 {
                self.clauses[current].0 = k;
            }
            self.clauses[current].1 = (k + len).min(n);
            k += len;
        }
    }

    /// Whether a comma before token `k` can close a relative aside: what
    /// follows is a phrase that belongs to the interrupted clause ("with",
    /// "at", "during").
    fn resumes(&self, k: usize) -> bool {
        self.is(WordClass::WithParty, k) || self.is(WordClass::AtEvent, k)
    }

    fn open(&mut self, k: usize) -> usize {
        self.clauses.push((k, k));
        self.clauses.len() - 1
    }

    fn read_cues(&mut self, s: &Sentence<'_>) {
        let n = s.tokens.len();
        self.cues = vec![None; n];
        let mut k = 0;
        while k < n {
            if self.in_mention[k] {
                k += 1;
                continue;
            }
            if let Some(len) = self.at(WordClass::NotStatus, k) {
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
            .find_map(|(wc, cue)| self.at(wc, k).map(|len| (cue, len)))
            .or_else(|| {
                // "potential participation": the adjective plans the event noun after it.
                let len = self.at(WordClass::PlannedAdjective, k)?;
                let noun = |j: usize| EVENT_NOUNS.iter().any(|wc| self.is(*wc, j));
                (noun(k + len) || noun(k + len + 1)).then_some((Cue::Status(Status::Planned), len))
            })
            .or_else(|| {
                // A headline's "to sign", "to join": what the article announces;
                // but "becomes 20th nation to sign" tells it done.
                let verb = |wc: &(WordClass, bool)| !wc.1 && self.is(wc.0, k + 1);
                let nth = k >= 2 && crate::lexicon::is_ordinal(s.tokens[k - 2].text);
                (s.is_title && self.lower[k] == "to" && !nth && PREDICATES.iter().any(verb)).then_some((Cue::Future, 1))
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
    pub fn status_in(&self, a: usize, b: usize, clause: usize, future: bool) -> Option<Status> {
        let mut best: Option<Status> = None;
        let b = b.min(self.cues.len());
        let cues = (a.min(b)..b).filter(|&k| self.token_clause[k] == clause).filter_map(|k| self.cues[k]);
        for (cue, _) in cues {
            let st = match cue {
                Cue::Status(st) => st,
                Cue::Future if future => Status::Planned,
                Cue::Future => continue,
            };
            if best.is_none_or(|x| st < x) {
                best = Some(st);
            }
        }
        best
    }

    /// The status of what two mentions say together, the first ending at
    /// `p_end` and the second starting at `q`: the cues of their clause
    /// before the second when one clause holds both ("Japan will sign the
    /// Accords", "ESA suspended its cooperation with Roscosmos on ExoMars"),
    /// else all the cues of the second's clause ("the Accords, which Japan
    /// will sign next year").
    pub fn status_between(&self, p_end: usize, q: usize, future: bool) -> Option<Status> {
        let c = self.clause_of(q);
        let (a, b) = self.clauses[c];
        if p_end >= 1 && self.clause_of(p_end - 1) == c {
            self.status_in(a, q, c, future)
        } else {
            self.status_in(a, b, c, future)
        }
    }

    fn group(&mut self, s: &Sentence<'_>, class: &dyn Fn(usize) -> Class) {
        // A plural generic ("agreements") is not the one instrument it was resolved to.
        let plural_generic = |i: usize| {
            let m = &s.mentions[i];
            m.kind == Kind::Generic && s.tokens[m.end - 1].is_lowercase() && s.tokens[m.end - 1].text.ends_with('s')
        };
        let args: Vec<usize> = (0..s.mentions.len())
            .filter(|&i| matches!(s.mentions[i].kind, Kind::Name | Kind::Short | Kind::Generic) && !plural_generic(i))
            .collect();
        // The list still open in each clause (an aside does not close the one around it).
        let mut open: Vec<(usize, Group)> = Vec::new();
        for i in args {
            let m = &s.mentions[i];
            let clause = self.clause_of(m.start);
            let at = open.iter().position(|(c, _)| *c == clause);
            let kind = |i: usize| family(class(s.mentions[i].entity));
            let fits = |g: &Group| g.members.last().is_some_and(|&last| kind(last) == kind(i));
            if let Some(at) = at.filter(|&at| fits(&open[at].1) && self.connects(s, open[at].1.end, m.start)) {
                let g = &mut open[at].1;
                g.members.push(i);
                g.end = m.end;
                continue;
            }
            // "VAST, the Ministry of Education (MEXT) of Japan, and JAXA": a
            // country after "of" right after a body says whose it is; the
            // list goes on past it.
            if let Some(at) =
                at.filter(|&at| class(m.entity) == Class::Country && self.of_after(open[at].1.end, m.start))
            {
                open[at].1.end = m.end;
                continue;
            }
            if let Some(at) = at {
                let (_, g) = open.remove(at);
                self.groups.push(g);
            }
            let prep = self.governing(s, m.start, clause);
            open.push((clause, Group { members: vec![i], start: m.start, end: m.end, prep, clause }));
        }
        self.groups.extend(open.into_iter().map(|(_, g)| g));
        self.split_comma_only(s);
        self.elaborations(s);
        // "France's CNES", "the U.S. National Aeronautics and Space
        // Administration": a possessor, or a country right before another
        // name, says whose the next member is; it is not a member.
        let mut groups = std::mem::take(&mut self.groups);
        for g in &mut groups {
            let members = g.members.clone();
            g.members.retain(|&m| {
                let next = members.iter().find(|&&x| x > m).map(|&x| &s.mentions[x]);
                let Some(next) = next else { return true };
                let own = &s.mentions[m];
                let possessor = s.tokens.get(own.end).is_some_and(|t| t.shape == Shape::Possessive);
                // "ESA's Director of Human and Robotic Exploration Daniel
                // Neuenschwander": a body whose official the next member is
                // acts with them, and stays.
                let official =
                    possessor && (own.end + 1..next.start).any(|k| crate::ner::is_title_word(s.tokens[k].text));
                let modifier = next.start == own.end && class(own.entity) == Class::Country;
                // "Associate Administrator for the Science Mission Directorate
                // Nicola Fox": a body right before a person after a title's
                // "for" or "of" is the title's portfolio, no member.
                let portfolio = next.start == own.end
                    && class(next.entity) == Class::Person
                    && self.after_title_preposition(s, own.start);
                !((possessor && !official) || modifier || portfolio)
            });
        }
        self.groups = groups;
        self.groups.sort_by_key(|g| g.start);
        self.possessed_take_preposition(s);
    }

    /// A list right after a possessor's "'s" is governed by the possessor's
    /// preposition: "a partner in China's Belt and Road Initiative", "ROK's
    /// cooperation in NOAA's SWFO-L1 mission".
    fn possessed_take_preposition(&mut self, s: &Sentence<'_>) {
        for i in 1..self.groups.len() {
            let (before, after) = self.groups.split_at_mut(i);
            let (p, g) = (&before[i - 1], &mut after[0]);
            let possessive = s.tokens.get(p.end).is_some_and(|t| t.shape == Shape::Possessive);
            if possessive && g.prep.is_none() && g.start == p.end + 1 && g.clause == p.clause {
                g.prep.clone_from(&p.prep);
            }
        }
    }

    /// Whether tokens `a..b` are "of", with asides in brackets before it
    /// ("(MEXT) of").
    fn of_after(&self, a: usize, b: usize) -> bool {
        let clause = self.clause_of(b);
        let own: Vec<usize> = (a..b).filter(|&k| self.token_clause[k] == clause).collect();
        own.len() == 1 && self.lower[own[0]] == "of"
    }

    /// A list joined by commas alone is no list: "due to the invasion of
    /// Ukraine, ESA discontinued" ends a phrase at the comma. A list names its
    /// last member after "and" or "or" ("Peru, Chile and Colombia"); a
    /// headline's two names are the exception.
    fn split_comma_only(&mut self, s: &Sentence<'_>) {
        let mut out: Vec<Group> = Vec::with_capacity(self.groups.len());
        for g in std::mem::take(&mut self.groups) {
            let comma_only = |a: usize, b: usize| {
                (a..b).all(|k| {
                    s.tokens[k].text == "," || self.token_clause[k] != g.clause || self.is(WordClass::Determiner, k)
                })
            };
            let ends: Vec<(usize, usize)> =
                g.members.iter().map(|&m| (s.mentions[m].start, s.mentions[m].end)).collect();
            let only_commas = ends.windows(2).all(|w| comma_only(w[0].1, w[1].0));
            // A headline lists two with a comma: "Singapore, Thailand step up cooperation".
            let headline_pair = s.is_title && g.members.len() == 2;
            if g.members.len() < 2 || !only_commas || headline_pair {
                out.push(g);
                continue;
            }
            for (i, (&m, &(start, end))) in g.members.iter().zip(&ends).enumerate() {
                let prep = if i == 0 { g.prep.clone() } else { None };
                out.push(Group { members: vec![m], start, end, prep, clause: g.clause });
            }
        }
        self.groups = out;
    }

    /// Whether tokens `a..b` only join two list members: list connectors,
    /// determiners, titles and possessives ("NASA Administrator Bill Nelson",
    /// "Peru, Chile and Colombia", "Japan's").
    fn connects(&self, s: &Sentence<'_>, a: usize, b: usize) -> bool {
        self.joins(s, a, b) || self.title_apposition(s, a, b)
    }

    /// Whether tokens `a..b` are an apposition giving a person's post before
    /// the body it is of: ", Director-General of" in "Yousuf AlShaibani,
    /// Director-General of MBRSC, and Simonetta Di Pippo" (the body is then a
    /// member of the list too: it acts with its head).
    fn title_apposition(&self, s: &Sentence<'_>, a: usize, b: usize) -> bool {
        let words = &s.tokens[a..b];
        let titled = words.iter().any(|t| {
            crate::lexicon::TITLES.iter().any(|ti| ti.words.len() == 1 && ti.words[0].eq_ignore_ascii_case(t.text))
        });
        let of_at = (a..b)
            .rev()
            .find(|&k| !self.is(WordClass::Determiner, k))
            .is_some_and(|k| self.is(WordClass::TitlePreposition, k));
        titled
            && of_at
            && b - a <= 8
            && words.first().is_some_and(|t| t.text == ",")
            && words[1..].iter().all(|t| t.shape == Shape::Word && t.text != "and")
    }

    fn joins(&self, s: &Sentence<'_>, a: usize, b: usize) -> bool {
        let clause = self.clause_of(b);
        let mut k = a;
        // Tokens of titles, and the rest that is no aside (a portfolio counts for nothing).
        let (mut titled, mut other) = (0, 0);
        let mut after_title = false;
        while k < b {
            let t = &s.tokens[k];
            if self.token_clause[k] != clause {
                k += 1;
                continue;
            }
            if t.shape == Shape::Possessive {
                other += 1;
                k += 1;
                continue;
            }
            // "Lloyd Austin and his Japanese counterpart Hamada": a nationality.
            if let Some(m) = s.mention_at(k).filter(|m| m.kind == Kind::Demonym) {
                other += 1;
                k = m.end;
                continue;
            }
            // "Blinken and Japan's Foreign Minister Hayashi": a title of one word or several.
            let title = if crate::ner::is_title_word(t.text) { Some(1) } else { title_at(s, k) };
            if let Some(len) = title {
                (titled, after_title) = (titled + len, true);
                k += len;
                continue;
            }
            // "and NASA's Associate Administrator for Exploration Jim Free": a
            // title's portfolio, capitalised words up to the name; "for the
            // Science Mission Directorate Nicola Fox": a body up to the name.
            let determiners = |from: usize| (from..b).all(|j| self.is(WordClass::Determiner, j));
            if after_title
                && self.is(WordClass::PortfolioPreposition, k)
                && (self.portfolio(s, k + 1, b) || determiners(k + 1))
            {
                break;
            }
            after_title = false;
            match self.at(WordClass::Coordinator, k).or_else(|| self.at(WordClass::Determiner, k)) {
                Some(len) => (k, other) = (k + len, other + len),
                None => return false,
            }
        }
        other + titled <= 4
    }

    /// Whether the name at `start` follows a title's "for" or "of" (past
    /// determiners): "Associate Administrator for the Science Mission Directorate".
    fn after_title_preposition(&self, s: &Sentence<'_>, start: usize) -> bool {
        let mut k = start;
        while k >= 1 && self.is(WordClass::Determiner, k - 1) {
            k -= 1;
        }
        k >= 2 && self.is(WordClass::PortfolioPreposition, k - 1) && {
            let t = &s.tokens[k - 2];
            crate::ner::is_title_word(t.text) || title_at(s, k - 2).is_some() || lexicon_title_end(s, k - 2)
        }
    }

    /// Whether tokens `a..b` are a portfolio after a title: capitalised
    /// words, with "and" between ("Human and Robotic Exploration").
    fn portfolio(&self, s: &Sentence<'_>, a: usize, b: usize) -> bool {
        a < b
            && b - a <= 5
            && s.tokens[a].is_capitalized()
            && (a..b).all(|k| s.tokens[k].is_capitalized() || self.lower[k] == "and" || self.lower[k] == "&")
            && !self.in_mention[a..b].iter().any(|&x| x)
    }

    /// The preposition governing a list starting at `start`: the nearest
    /// preposition before it, past determiners and up to two other words.
    fn governing(&self, s: &Sentence<'_>, start: usize, clause: usize) -> Option<String> {
        let from = self.clauses[clause].0;
        let mut k = start;
        let mut skipped = 0;
        let mut titles = 0;
        // A date (a year last) right before the list.
        let dated = start >= 1 && crate::dates::year(&s.tokens[start - 1]).is_some();
        while k > from {
            k -= 1;
            // A phrase ending here ("on behalf of", "as part of").
            for len in (1..=4).rev() {
                if k + 1 >= len && k + 1 - len >= from && self.at(WordClass::Preposition, k + 1 - len) == Some(len) {
                    return Some(self.lower[k + 1 - len..=k].join(" "));
                }
            }
            if self.is(WordClass::Determiner, k) || self.token_clause[k] != clause {
                continue;
            }
            // "by the French company Thales": a nationality before the head noun.
            // So does a led-by or pair modifier ("for a KASA-led Earth-Sun L4 Mission").
            let modifier = |m: &crate::ner::Mention| matches!(m.kind, Kind::Demonym | Kind::PairPart);
            if self.in_mention[k] && skipped < 2 && s.mention_at(k).is_some_and(modifier) {
                skipped += 1;
                continue;
            }
            let t = &s.tokens[k];
            // "signed by H.E. Dr. Eng. Mohammed Al Ahbabi": honorifics before a name.
            let honorific = crate::names::is_honorific_word;
            if honorific(t.text) || (t.text == "." && k > from && honorific(s.tokens[k - 1].text)) {
                continue;
            }
            // "by Australian Prime Minister Scott Morrison", "with Crown Prince
            // Salman": a title (or the first word of one) before a name.
            // "by Principal Deputy Assistant Secretary X": a capitalised word
            // before a title is part of it.
            let title = crate::ner::is_title_word(t.text) || title_at(s, k).is_some() || titles > 0;
            if t.is_capitalized() && title && titles < 6 {
                titles += 1;
                continue;
            }
            // "at the April 19, 2019 Security Consultative Committee": a date.
            if dated && is_date_word(s, k) {
                continue;
            }
            // "during the 72nd International Astronautical Congress": an
            // ordinal; "at the 2023 Working Group": a year.
            let ordinal = crate::lexicon::is_ordinal(t.text) || crate::dates::year(t).is_some();
            if !(ordinal || t.shape == Shape::Word && t.is_lowercase()) || skipped == 2 || self.is_predicate(k) {
                return None;
            }
            skipped += 1;
        }
        None
    }

    fn is_predicate(&self, k: usize) -> bool {
        PREDICATES.iter().any(|(wc, _)| self.is(*wc, k))
    }

    fn find_predicates(&mut self, s: &Sentence<'_>) {
        let n = s.tokens.len();
        let mut k = 0;
        while k < n {
            if self.in_mention[k] || self.hits[k].is_empty() || self.in_phrase_preposition(k) {
                k += 1;
                continue;
            }
            // "the signing of", "Japan's signing": after a determiner or a
            // possessive, a word that is both is the noun.
            // So is a gerund that governs "of" as a noun does ("after signing of
            // the Framework Agreement", "the signing ceremony of the MoU").
            let gerund_of = self.lower[k].ends_with("ing")
                && (self.lower.get(k + 1).is_some_and(|w| w == "of")
                    || (self.is(WordClass::MeetingNoun, k + 1) && self.lower.get(k + 2).is_some_and(|w| w == "of")));
            let nominal = gerund_of
                || k >= 1 && (s.tokens[k - 1].shape == Shape::Possessive || self.is(WordClass::Determiner, k - 1));
            // The longest entry wins ("signed up" to join, not "signed").
            let hit = PREDICATES
                .iter()
                .filter(|(_, noun)| *noun == nominal)
                .chain(PREDICATES.iter().filter(|(_, noun)| *noun != nominal))
                .filter_map(|&(wc, noun)| self.at(wc, k).map(|len| (wc, noun, len)))
                .filter(|&(_, _, len)| !self.particle_before_date(s, k, len))
                .fold(None, |best: Option<(WordClass, bool, usize)>, x| match best {
                    Some(b) if b.2 >= x.2 => Some(b),
                    _ => Some(x),
                });
            let Some((wc, noun, len)) = hit else {
                k += 1;
                continue;
            };
            let frame = self.frame(s, wc, noun, k, k + len);
            self.frames.push(frame);
            k += len;
        }
        // A list after a preposition belongs to the nearest predicate before
        // it in its clause ("cooperation with NASA ..., Japan is a partner"
        // keeps "with NASA" for "cooperation"); a fronted one, to the first
        // predicate after it ("In Lisbon, the ministers signed").
        for g in 0..self.groups.len() {
            let gr = &self.groups[g];
            if gr.prep.is_none() {
                continue;
            }
            let same = |f: &&Frame| f.clause == gr.clause;
            let owner = self
                .frames
                .iter()
                .rposition(|f| same(&f) && f.end <= gr.start)
                .or_else(|| self.frames.iter().position(|f| same(&f) && f.at >= gr.end));
            if let Some(i) = owner {
                self.frames[i].obliques.push(g);
            }
        }
    }

    /// Whether `k` is inside a preposition of several words, where a word
    /// that could be a predicate is none ("with the participation of").
    fn in_phrase_preposition(&self, k: usize) -> bool {
        (k.saturating_sub(3)..k).any(|j| self.at(WordClass::Preposition, j).is_some_and(|len| len >= 2 && j + len > k))
    }

    /// Lists that spell out a plural noun before them take that noun's place:
    /// its clause and the preposition governing it.
    /// - "signed …, with the participation of seven countries in the region:
    ///   Argentina, Mexico and Chile": a list after a colon that is the whole
    ///   of its clause spells out the counted noun before the colon;
    /// - "working with all our international partners, including Roscosmos":
    ///   a list after ", including" spells out the plural noun before the comma
    ///   ("Eight countries, including the U.S., signed": the subject's).
    fn elaborations(&mut self, s: &Sentence<'_>) {
        for gi in 0..self.groups.len() {
            if let Some((clause, prep)) = self.elaborated(s, &self.groups[gi]) {
                let g = &mut self.groups[gi];
                g.clause = clause;
                g.prep = prep;
            }
        }
    }

    /// The clause and preposition of the plural noun list `g` spells out, if
    /// it spells one out (see [`Clauses::elaborations`]).
    fn elaborated(&self, s: &Sentence<'_>, g: &Group) -> Option<(usize, Option<String>)> {
        if g.prep.as_deref() == Some("including") {
            let comma = (g.start.checked_sub(3)?..g.start).rev().find(|&k| s.tokens[k].text == ",")?;
            let noun = comma.checked_sub(1)?;
            if !(s.tokens[noun].is_lowercase() && self.lower[noun].ends_with('s')) {
                return None;
            }
            let clause = self.token_clause[noun];
            // (From the noun's first word back: the noun itself may be a
            // predicate, "partners".)
            return Some((clause, self.governing(s, noun, clause)));
        }
        let (ca, cb) = self.clauses[g.clause];
        let whole = (g.end..cb).all(|k| s.tokens[k].text == ".");
        if g.prep.is_some() || ca == 0 || s.tokens[ca].text != ":" || g.start != ca + 1 || !whole {
            return None;
        }
        let prev = self.token_clause[ca - 1];
        let from = self.clauses[prev].0;
        let counted = (from..ca - 1).rev().find(|&k| {
            let count = s.tokens[k].shape == Shape::Number || self.is(WordClass::Count, k);
            let plural = s.tokens[k + 1].is_lowercase() && self.lower[k + 1].ends_with('s');
            count && plural
        })?;
        Some((prev, self.governing(s, counted, prev)))
    }

    /// Whether the entry of `len` tokens at `k` ends in a particle that is a
    /// preposition before a date or begins a longer one: "signed on 28
    /// February", "signed on behalf of Germany" are "signed", not "signed on"
    /// (joined).
    fn particle_before_date(&self, s: &Sentence<'_>, k: usize, len: usize) -> bool {
        let dated = |t: &crate::text::Token<'_>| {
            t.shape == Shape::Number || crate::dates::is_weekday_or_month(&t.text.to_lowercase())
        };
        let last = k + len - 1;
        // "signed on behalf of Germany": the particle starts a preposition of several words.
        let phrase = self.at(WordClass::Preposition, last).is_some_and(|l| l >= 2);
        len > 1 && self.lower[last] == "on" && (s.tokens.get(k + len).is_some_and(dated) || phrase)
    }

    /// The object of a predicate ending at `end` in `clause`: the first list
    /// after it that no preposition governs, close, with no comma between
    /// ("signed a new memorandum", not "take part in P, and Canada ..."),
    /// and past a possessor ("support India's Gaganyaan mission").
    fn object_after(&self, s: &Sentence<'_>, clause: usize, end: usize) -> Option<(usize, &Group)> {
        let cb = self.clauses[clause].1;
        self.groups
            .iter()
            .enumerate()
            .find(|(_, g)| g.clause == clause && g.start >= end && g.start < cb && g.prep.is_none())
            .filter(|(_, g)| g.start <= end + 4 && !self.lower[end..g.start].iter().any(|w| w == ","))
            // "support India's Gaganyaan mission": the possessed, not the possessor.
            .map(|(i, g)| match self.groups.get(i + 1) {
                Some(next)
                    if s.tokens.get(g.end).is_some_and(|t| t.shape == Shape::Possessive) && next.start == g.end + 1 =>
                {
                    (i + 1, next)
                }
                _ => (i, g),
            })
    }

    fn frame(&self, s: &Sentence<'_>, wc: WordClass, noun: bool, at: usize, end: usize) -> Frame {
        let clause = self.clause_of(at);
        let (ca, _) = self.clauses[clause];
        let be_before = (at.saturating_sub(3).max(ca)..at).any(|j| self.is(WordClass::Be, j));
        let participle = self.lower[end - 1].ends_with("ed") || self.is(WordClass::Participle, end - 1);
        let by_after = self.lower.get(end).is_some_and(|w| w == "by");
        // A participle of signing right before "between" ("the MoU signed
        // between A and B"), or right after a list a preposition governs and
        // before a time or place ("details of the MoU signed on 12 May"), is
        // a reduced relative clause, passive.
        let reduced_relative = wc == WordClass::Sign && {
            let just_before = self.groups.iter().rev().find(|g| g.end <= at).filter(|g| g.end + 1 >= at);
            let next = self.lower.get(end).map_or("", String::as_str);
            just_before
                .is_some_and(|g| next == "between" || (g.prep.is_some() && self.is(WordClass::AfterParticiple, end)))
        };
        let passive = !noun && participle && (be_before || by_after || reduced_relative);
        let before = self.subject_before(s, at, clause, noun);
        // A participle right after its noun ("the MoU signed between A and B") takes it whatever governs it.
        let reduced = self
            .groups
            .iter()
            .enumerate()
            .rev()
            .find(|(_, g)| g.end <= at)
            .filter(|(_, g)| (g.end..at).filter(|&k| self.token_clause[k] == clause).count() <= 1);
        let after = self.object_after(s, clause, end);
        let possessor = self.groups.iter().enumerate().find(|(_, g)| {
            g.clause == clause
                && s.tokens.get(g.end).is_some_and(|t| t.shape == Shape::Possessive)
                && g.end < at
                && at <= g.end + 4
        });
        // "ESA suspended its cooperation with Roscosmos": "its" is the subject's.
        let own = at >= 1 && self.is(WordClass::OwnPossessive, at - 1);
        // "the Government of A and the Government of B": both lists.
        let coordinated =
            before.filter(|(_, g)| g.prep.as_deref() == Some("of")).and_then(|(i, g)| self.coordinated_of(i, g.start));
        // A relative clause's missing subject is the list it hangs on: "May,
        // who is attending the G20 Summit", "the MoU, which was signed by".
        let antecedent = self.antecedent(s, clause);
        let before = before.or(antecedent);
        let (agent, theme): (Vec<usize>, Vec<usize>) = if noun {
            let owner = possessor.or(before.filter(|_| own));
            (owner.map(|(i, _)| i).into_iter().collect(), Vec::new())
        } else if passive {
            // "The agreement between A and B was signed": after a form of
            // "be", the subject, not the list right before the verb.
            let theme = if be_before { before.or(reduced) } else { reduced.or(before) };
            (Vec::new(), theme.map(|(i, _)| i).into_iter().collect())
        } else {
            let listed = self.semicolon_subjects(clause, at);
            let agent =
                if listed.len() > 1 { listed } else { coordinated.into_iter().chain(before.map(|(i, _)| i)).collect() };
            (agent, after.map(|(i, _)| i).into_iter().collect())
        };
        // "the ROK's previous pledge to join the Artemis project": an
        // infinitive after a possessed noun is the possessor's.
        let infinitive = !noun && at >= 1 && self.lower[at - 1] == "to";
        let agent = match possessor {
            Some((i, _)) if agent.is_empty() && infinitive => vec![i],
            _ => agent,
        };
        // "Speaking at the Forum ..., Souza said": a participle opening the
        // sentence has the main clause's subject.
        let opener = !noun && !passive && agent.is_empty() && at == 0 && self.lower[at].ends_with("ing");
        let agent = if opener { self.opener_subject(s, end).into_iter().collect() } else { agent };
        // The verb group: from the agent (or the clause start) to the predicate.
        let from = agent.first().map_or(ca, |&g| self.groups[g].end);
        let status = self.status_in(from.max(ca), at, clause, future_counts(wc));
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

    /// The list before predicate `at` that is its subject: the nearest that
    /// no preposition governs, past an apposition ("Philippe Brunet, Director
    /// for Space Policy, signed"); but a list after "of" or "from" right
    /// before the verb is nearer ("the Government of the United States and
    /// the Government of Japan held", "Officials from A and B convened").
    fn subject_before(&self, s: &Sentence<'_>, at: usize, clause: usize, noun: bool) -> Option<(usize, &Group)> {
        let before = self.apposition_head(s, at, clause).or_else(|| {
            self.groups.iter().enumerate().rev().find(|(_, g)| g.clause == clause && g.end <= at && g.prep.is_none())
        });
        let subject_of = self.groups.iter().enumerate().rev().find(|(_, g)| {
            g.clause == clause
                && g.end == at
                && g.prep.as_deref().is_some_and(|p| words::is_entry(WordClass::SubjectPreposition, p))
        });
        match (before, subject_of) {
            (Some((_, b)), Some(of)) if b.end <= of.1.start && !noun => Some(of),
            (None, Some(of)) if !noun => Some(of),
            (b, _) => b,
        }
    }

    /// "A, Chairman, ISRO; B, Administrator, CNSA; and C, Chief Executive,
    /// SANSA have signed": items separated by semicolons, the last after
    /// "; and", are one subject: every list no preposition governs before
    /// the predicate in its clause.
    /// The items may span the clauses a bracketed short name cuts ("(ISRO)"),
    /// when no predicate comes before this one.
    fn semicolon_subjects(&self, clause: usize, at: usize) -> Vec<usize> {
        let ca = self.clauses[clause].0;
        let listed = (ca..at).any(|k| self.lower[k] == ";" && self.lower.get(k + 1).is_some_and(|w| w == "and"));
        if !listed {
            return Vec::new();
        }
        let first = self.frames.is_empty();
        (0..self.groups.len())
            .filter(|&g| {
                let gr = &self.groups[g];
                let here = gr.clause == clause || (first && !self.is_bracketed(gr.clause));
                here && gr.end <= at && gr.prep.is_none()
            })
            .collect()
    }

    /// The "of" list coordinated with the one at `start` (list `g`): "the
    /// Government of A and the Government of B", the first of them: "and",
    /// a determiner, a noun and "of" between.
    fn coordinated_of(&self, g: usize, start: usize) -> Option<usize> {
        let h = g.checked_sub(1)?;
        let prev = &self.groups[h];
        let gap = &self.lower[prev.end..start];
        let shape = gap.len() >= 3 && gap.len() <= 5 && gap[0] == "and" && gap[gap.len() - 1] == "of";
        (shape && prev.prep.as_deref() == Some("of") && prev.clause == self.groups[g].clause).then_some(h)
    }

    /// The subject of the main clause after an opening participial phrase
    /// that ends at the first comma after `end`: a list no preposition
    /// governs, at most a few words (a title) after the comma.
    fn opener_subject(&self, s: &Sentence<'_>, end: usize) -> Option<usize> {
        let comma = (end..s.tokens.len()).find(|&k| s.tokens[k].text == ",")?;
        self.groups.iter().position(|g| g.start > comma && g.start <= comma + 4 && g.prep.is_none())
    }

    /// The list a relative clause hangs on: the one ending right before its
    /// "who", "which" or "that" (a comma between); for a clause begun by
    /// "and", the subject of the clause before.
    fn antecedent(&self, s: &Sentence<'_>, clause: usize) -> Option<(usize, &Group)> {
        let start = self.clauses[clause].0;
        // "X ... and is also chairing the Council": a clause begun by "and"
        // shares the subject of the clause before it.
        if self.lower.get(start).is_some_and(|w| w == "and") && start >= 1 {
            let before = self.clause_of(start - 1);
            return self.groups.iter().enumerate().find(|(_, g)| g.clause == before && g.prep.is_none());
        }
        if !self.is(WordClass::RelativeWord, start) {
            return None;
        }
        // "X and Y, both of whom attended": past "both of", "all of", "each of".
        let mut end = start;
        if end >= 2 && self.lower[end - 1] == "of" && self.is(WordClass::AllOf, end - 2) {
            end -= 2;
        }
        if end >= 1 && s.tokens[end - 1].text == "," {
            end -= 1;
        }
        self.groups.iter().enumerate().find(|(_, g)| g.end == end)
    }

    /// The list an apposition ending right before `at` describes:
    /// "X, Director for Space Policy, signed" gives X.
    fn apposition_head(&self, s: &Sentence<'_>, at: usize, clause: usize) -> Option<(usize, &Group)> {
        if at == 0 || s.tokens[at - 1].text != "," {
            return None;
        }
        let from = self.clauses[clause].0;
        let open = (from..at - 1).rev().take(16).find(|&k| s.tokens[k].text == ",")?;
        self.groups
            .iter()
            .enumerate()
            .find(|(_, g)| g.clause == clause && g.end == open && g.prep.is_none())
            .filter(|(_, g)| g.members.iter().any(|&m| s.mentions[m].start < open))
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

/// The length of a title of several words starting at token `k`, as the
/// tagger reads titles ("Foreign Minister", "Crown Prince").
fn title_at(s: &Sentence<'_>, k: usize) -> Option<usize> {
    crate::ner::title_at(s, k).filter(|(_, t)| t.words.len() > 1).map(|(end, _)| end - k)
}

/// Whether token `k` ends a title of several words ("Associate Administrator").
fn lexicon_title_end(s: &Sentence<'_>, k: usize) -> bool {
    (k.saturating_sub(3)..k).any(|j| crate::ner::title_at(s, j).is_some_and(|(end, _)| end == k + 1))
}

/// Whether token `k` is a word of a date: a number, a month, or a comma
/// after a number ("April 19, 2019").
fn is_date_word(s: &Sentence<'_>, k: usize) -> bool {
    let t = &s.tokens[k];
    t.shape == Shape::Number
        || crate::dates::is_weekday_or_month(&t.text.to_lowercase())
        || (t.text == "," && k >= 1 && s.tokens[k - 1].shape == Shape::Number)
}

/// Which names may stand in one list: parties (people, organisations,
/// countries) together, and each other class on its own ("in Hanoi, VNSC and
/// Sumitomo signed" is a place and a list of two signers).
fn family(c: Class) -> u8 {
    match c {
        Class::Person => 0,
        c if c.is_actor() => 0,
        Class::Program => 1,
        Class::Agreement => 2,
        Class::Meeting => 3,
        _ => 4,
    }
}

/// A date opening the sentence (after a place in capitals, "PARIS, March 14,
/// 2025 —") before a dateline mark is the article's date.
fn is_dateline(s: &Sentence<'_>, d: &DateHit) -> bool {
    let lead = s.tokens[..d.start].iter().all(|t| t.is_all_caps() || t.text == "," || t.text == ".");
    d.start <= 4
        && lead
        && s.tokens.get(d.end).is_some_and(|t| matches!(t.text, "(" | "—" | "–" | "-") || t.is_all_caps())
}
