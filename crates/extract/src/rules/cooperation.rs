//! Cooperation: who works with whom, and on which program.

use super::{Cx, Sx, actor, program};
use crate::facts::Out;
use crate::model::{Property, Status};
use crate::ner::Kind;
use crate::words::WordClass;

/// "JAXA cooperates with ISRO on the LUPEX mission": both cooperate, both
/// take part; "Norway is one of NASA's closest partners".
pub(super) fn verb(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let mut agents = cx.of(out, cx.f.agent.iter().copied(), actor);
    // "Both agencies are partners in the ISS": the last two named.
    if agents.is_empty() {
        agents = cx.named_pair(out);
    }
    let mut partners = cx.of(out, cx.obl(&["with", "alongside"]), actor);
    // "Norway has long been one of NASA's closest partners": the possessor.
    let possessor = cx.c.groups.iter().position(|g| {
        g.clause == cx.f.clause
            && g.end < cx.f.at
            && cx.f.at <= g.end + 3
            && cx.s.tokens.get(g.end).is_some_and(|t| t.shape == crate::text::Shape::Possessive)
    });
    partners.extend(cx.of(out, possessor, actor));
    let mut programs = cx.of(out, cx.obl(&["on", "in", "for"]), program);
    programs.extend(cx.of(out, cx.f.theme.iter().copied(), program));
    cx.across(out, Property::CooperatesWith, &agents, &partners);
    // "ISRO and the UK Space Agency will cooperate": the subjects with each other.
    if partners.is_empty() {
        cx.each_pair(out, Property::CooperatesWith, &agents);
    }
    // The parties of a stated cooperation take part in its program, and so
    // does one who is "a partner in" it ("Japan is a partner in the ISS").
    if !partners.is_empty() || cx.c.lower[cx.f.at].starts_with("partner") {
        for &x in agents.iter().chain(&partners) {
            for &p in &programs {
                cx.fact(out, x, Property::ParticipatesIn, p);
            }
        }
    }
}

/// Whether a preposition of the `cooperation-topic` class governs the noun
/// at `at`, past up to three lowercase modifiers ("a conference on space
/// cooperation"): then the noun is a topic, not what the clause's subject
/// has or does ("NASA, in partnership with DOE, will provide" is).
fn topic(cx: &Cx<'_, '_>, at: usize) -> bool {
    let a = cx.c.clauses[cx.f.clause].0;
    // Past lowercase modifiers and names ("on future Artemis cooperation").
    let modifier = |k: usize| cx.s.tokens[k].is_lowercase() || cx.s.mention_at(k).is_some();
    (a..at).rev().take(4).take_while(|&k| modifier(k)).any(|k| cx.c.is(WordClass::CooperationTopic, k))
}

/// "cooperation between the two countries", "between both agencies": the
/// last two countries (organisations) the article named before.
fn the_two(cx: &Cx<'_, '_>, out: &Out<'_>) -> Vec<usize> {
    let k = cx.f.end;
    let between = cx.c.lower.get(k).is_some_and(|w| w == "between");
    between.then(|| cx.pair_at(out, k + 1)).flatten().unwrap_or_default()
}

/// "cooperation between France and Brazil", "Japan's cooperation with
/// India", "NASA, in partnership with the Department of Energy, will
/// provide", "Australia and the United Kingdom will strengthen their ties",
/// "cooperation between the two countries".
pub(super) fn noun(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let mut among = cx.of(out, cx.obl(&["between", "among", "amongst"]), actor);
    if among.is_empty() {
        among = the_two(cx, out);
    }
    cx.each_pair(out, Property::CooperatesWith, &among);
    let partners = cx.of(out, cx.obl(&["with"]), actor);
    let mut owners = cx.of(out, cx.f.agent.iter().copied(), actor);
    // Nobody owns it: the clause's subject, unless a preposition makes the
    // noun a topic ("talks on cooperation with Japan").
    if owners.is_empty() && among.is_empty() && !topic(cx, cx.f.at) {
        owners = cx.subject_of(out, actor);
    }
    cx.across(out, Property::CooperatesWith, &owners, &partners);
    // "The United States and India have strong bilateral cooperation",
    // "Kenya and Italy strengthen their collaboration": the subject's parties
    // with each other.
    if partners.is_empty() && among.is_empty() && owners.len() >= 2 {
        cx.each_pair(out, Property::CooperatesWith, &owners);
    }
    // "ESA suspended its cooperation with Roscosmos on ExoMars": the partner's
    // part in the program has the cooperation's status; the owner's goes on
    // ("ESA and NASA are consolidating their cooperation on ExoMars",
    // "ROK's cooperation in NOAA's SWFO-L1 mission": the owners take part).
    // "Cooperation between NASA and Italy on Artemis": both sides take part.
    let programs = cx.of(out, cx.obl(&["on", "in"]), program);
    cx.across(out, Property::ParticipatesIn, &among, &programs);
    if owners.is_empty() {
        return;
    }
    for p in programs {
        for &b in &partners {
            cx.fact(out, b, Property::ParticipatesIn, p);
        }
        let status = cx.f.status.filter(|&s| s != Status::Ended);
        for &a in &owners {
            cx.fact_as(out, a, Property::ParticipatesIn, p, status);
        }
    }
}

/// "the U.S.-Japan Comprehensive Dialogue", "Egyptian-Chinese cooperation":
/// the two parts of a pair work together.
pub(super) fn pair(sx: &Sx<'_, '_>, out: &mut Out<'_>) {
    let m = &sx.s.mentions;
    let mut k = 0;
    while k + 1 < m.len() {
        let (a, b) = (&m[k], &m[k + 1]);
        if a.kind == Kind::PairPart && b.kind == Kind::PairPart && a.start == b.start {
            out.fact(a.entity, Property::CooperatesWith, b.entity, sx.si, sx.rule.name, sx.rule.confidence);
            k += 2;
        } else {
            k += 1;
        }
    }
}
