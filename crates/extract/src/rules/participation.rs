//! Participation: who takes part in which program.

use super::{Cx, Sx, actor, program};
use crate::facts::Out;
use crate::model::{Property, Status};
use crate::ner::Kind;
use crate::words::WordClass;

/// "Egypt will take part in the ILRS", "Canada contributes the arm to Gateway",
/// "Pakistan joined the ILRS".
pub(super) fn verb(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    if cx.f.passive {
        return;
    }
    let mut objects = cx.f.theme.clone();
    objects.extend(cx.obl(&["in", "to", "on", "for"]));
    let mut programs = cx.of(out, objects.iter().copied(), program);
    let mut agents = cx.of(out, cx.f.agent.iter().copied(), actor);
    // "KASA and NASA adopted a joint statement, agreeing to jointly pursue
    // the Artemis program": an infinitive's agent is the clause's subject.
    if agents.is_empty() && infinitive(cx) {
        agents = cx.subject_of(out, actor);
    }
    // "Venezuela, Pakistan and Egypt signed up during 2023": what the article joined last.
    let agreements = cx.of(out, objects.iter().copied(), super::agreement);
    if programs.is_empty() && agreements.is_empty() && !agents.is_empty() {
        programs.extend(out.last_joined.filter(|&e| program(out.class(e))));
    }
    if let Some(&last) = programs.last() {
        out.last_joined = Some(last);
    }
    for x in agents {
        for &p in &programs {
            cx.fact(out, x, Property::ParticipatesIn, p);
        }
    }
}

/// "Japan's participation in the Gateway", "the participation of Egypt in
/// the ILRS"; of a meeting, "his participation in CELAC": the person the
/// clause goes on to name ("During his participation in CELAC, X said").
pub(super) fn noun(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let mut programs = cx.of(out, cx.obl(&["in", "to", "on"]), program);
    let meetings = cx.of(out, cx.obl(&["in", "at"]), super::meeting);
    let mut parties = cx.of(out, cx.f.agent.iter().copied(), actor);
    parties.extend(cx.of(out, cx.obl(&["of", "by"]), actor));
    // "ExoMars had been a joint mission between ESA and Roscosmos": the
    // parties of a joint undertaking take part in the clause's subject.
    let between = cx.of(out, cx.obl(&["between", "among"]), actor);
    if programs.is_empty() && !between.is_empty() {
        programs = cx.subject_of(out, program);
    }
    parties.extend(between);
    for &x in &parties {
        for &p in &programs {
            cx.fact(out, x, Property::ParticipatesIn, p);
        }
    }
    let his = cx.f.at >= 1 && cx.c.is(WordClass::PersonPossessive, cx.f.at - 1);
    let mut people = cx.of(out, cx.f.agent.iter().copied(), super::party);
    if his && people.is_empty() {
        // The first person named after the phrase, in the same sentence.
        let after =
            cx.s.mentions.iter().find(|m| m.start > cx.f.end && out.class(m.entity) == crate::model::Class::Person);
        people.extend(after.map(|m| out.table.find(m.entity)));
    }
    for &m in &meetings {
        for &x in &people {
            cx.fact(out, m, Property::Participant, x);
        }
    }
}

/// "NASA withdrew from the ExoMars programme": it took part, and no longer does.
pub(super) fn leave(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let mut objects = cx.f.theme.clone();
    objects.extend(cx.obl(&["from", "of"]));
    let programs = cx.of(out, objects.iter().copied(), program);
    let agreements = cx.of(out, objects.iter().copied(), super::agreement);
    // Leaving is itself the end; a negated leaving ("has not withdrawn") says nothing.
    if cx.f.status == Some(Status::Negated) {
        return;
    }
    for x in cx.of(out, cx.f.agent.iter().copied(), actor) {
        for &p in &programs {
            cx.fact_as(out, x, Property::ParticipatesIn, p, Some(Status::Ended));
        }
        for &a in &agreements {
            cx.fact_as(out, x, Property::Signed, a, Some(Status::Ended));
        }
    }
}

/// "Thales Alenia Space built the satellite", "P was developed by X", "NASA
/// will provide the heater units for the rover": who builds, runs or pays
/// for a program takes part in it.
pub(super) fn build(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let (agents, programs) = if cx.f.passive {
        (cx.of(out, cx.obl(&["by"]), actor), cx.of(out, cx.f.theme.iter().copied(), program))
    } else {
        let mut objects = cx.f.theme.clone();
        objects.extend(cx.obl(&["for", "to"]).into_iter().filter(|&g| cx.c.groups[g].start >= cx.f.end));
        let mut agents = cx.of(out, cx.f.agent.iter().copied(), actor);
        // "Korea has been working together with NASA to develop the KPLO":
        // an infinitive's agents are the clause's subject and its partners.
        if infinitive(cx) {
            if agents.is_empty() {
                agents = cx.subject_of(out, actor);
            }
            let with = |g: &crate::clause::Group| {
                g.clause == cx.f.clause && g.end <= cx.f.at && g.prep.as_deref().is_some_and(|p| p == "with")
            };
            let partners: Vec<usize> = (0..cx.c.groups.len()).filter(|&g| with(&cx.c.groups[g])).collect();
            agents.extend(cx.of(out, partners, actor));
        }
        (agents, cx.of(out, objects.iter().copied(), program))
    };
    for &x in &agents {
        for &p in &programs {
            cx.fact(out, x, Property::ParticipatesIn, p);
        }
    }
}

/// "an agreement on the NISAR mission", "the MoU for the Gateway", "the
/// summit on Artemis": an instrument or meeting followed closely by a
/// program after "on", "for", "concerning", "regarding" or "about" concerns it.
pub(super) fn about_program(sx: &Sx<'_, '_>, out: &mut Out<'_>) {
    let (s, c) = (sx.s, sx.c);
    for m in s.mentions.iter().filter(|m| m.kind != Kind::PairPart) {
        let class = out.class(m.entity);
        if !matches!(class, crate::model::Class::Agreement | crate::model::Class::Meeting) {
            continue;
        }
        let Some(prep) = s.tokens.get(m.end) else { continue };
        if !c.is(WordClass::TopicPreposition, m.end) || prep.shape != crate::text::Shape::Word {
            continue;
        }
        // The program within the phrase: past determiners and a few words, no comma or verb.
        let program = s.mentions.iter().find(|p| {
            p.start > m.end
                && p.start <= m.end + 5
                && program(out.class(p.entity))
                && !(m.end + 1..p.start)
                    .any(|k| s.tokens[k].text == "," || c.is(WordClass::Sign, k) || s.mention_at(k).is_some())
        });
        if let Some(p) = program {
            out.fact(m.entity, Property::Concerns, p.entity, sx.si, sx.rule.name, sx.rule.confidence);
        }
    }
}

/// "The Implementation Agreement stipulates the details of the partnership on
/// the KPLO", "an agreement that paves the way for a flight to the Tiangong
/// space station": what an instrument lays down concerns the programs its
/// clause names after the verb.
pub(super) fn instrument_content(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let mut instruments = cx.of(out, cx.f.agent.iter().copied(), super::agreement);
    if instruments.is_empty() {
        instruments = cx.subject_of(out, super::agreement);
    }
    let (_, end) = cx.c.clauses[cx.f.clause];
    let programs: Vec<usize> =
        cx.s.mentions
            .iter()
            .filter(|m| m.start >= cx.f.end && m.end <= end && cx.c.clause_of(m.start) == cx.f.clause)
            .map(|m| out.table.find(m.entity))
            .filter(|&e| program(out.class(e)))
            .collect();
    for &a in &instruments {
        for &p in &programs {
            cx.fact(out, a, Property::Concerns, p);
        }
    }
}

/// Whether the frame's verb is an infinitive: "to" before it, past adverbs
/// of the `jointly` class ("to jointly pursue").
fn infinitive(cx: &Cx<'_, '_>) -> bool {
    let mut k = cx.f.at;
    while k >= 1 && cx.c.is(WordClass::Jointly, k - 1) {
        k -= 1;
    }
    k >= 1 && cx.c.lower[k - 1] == "to"
}

/// The first program named in tokens `from..to` (a pair's part is none).
fn program_in(sx: &Sx<'_, '_>, out: &Out<'_>, from: usize, to: usize) -> Option<usize> {
    sx.s.mentions
        .iter()
        .filter(|m| m.start >= from && m.start < to && m.kind != Kind::PairPart)
        .map(|m| out.table.find(m.entity))
        .find(|&e| program(out.class(e)))
}

/// The program whose name ends at most `gap` tokens before token `at`.
fn program_before(sx: &Sx<'_, '_>, out: &Out<'_>, at: usize, gap: usize) -> Option<usize> {
    sx.s.mentions
        .iter()
        .rev()
        .filter(|m| m.end <= at && m.end + gap >= at && m.kind != Kind::PairPart)
        .map(|m| out.table.find(m.entity))
        .find(|&e| program(out.class(e)))
}

/// "the NASA-led Artemis program", "the UK-built satellite", "the Lunar
/// Gateway, the NASA-led station": who leads, builds or backs a program
/// (a pair's part ending in a `led-suffix`) takes part in it: the program
/// named right after, or the one the phrase is in apposition to.
pub(super) fn led_by(sx: &Sx<'_, '_>, out: &mut Out<'_>) {
    let (s, c) = (sx.s, sx.c);
    for m in s.mentions.iter() {
        if m.kind != Kind::PairPart || !actor(out.class(m.entity)) {
            continue;
        }
        let text = s.tokens[m.start].text;
        if !crate::lexicon::X_LED_SUFFIXES.iter().any(|suffix| text.ends_with(suffix)) {
            continue;
        }
        let after = program_in(sx, out, m.end, m.end + 7);
        let mut k = m.start;
        if k >= 1 && c.is(WordClass::Article, k - 1) {
            k -= 1;
        }
        let before = || (k >= 1 && s.tokens[k - 1].text == ",").then(|| program_before(sx, out, k - 1, 0)).flatten();
        if let Some(p) = after.or_else(before) {
            out.fact(m.entity, Property::ParticipatesIn, p, sx.si, sx.rule.name, sx.rule.confidence);
        }
    }
}

/// "the inaugural Japanese astronaut on the Artemis program": a country's
/// crew (a `crew-noun` right after the country or its demonym) flies with
/// the first program its clause names after it.
pub(super) fn national_crew(sx: &Sx<'_, '_>, out: &mut Out<'_>) {
    let (s, c) = (sx.s, sx.c);
    for m in s.mentions.iter().filter(|m| matches!(m.kind, Kind::Demonym | Kind::Name)) {
        if out.class(m.entity) != crate::model::Class::Country || !c.is(WordClass::CrewNoun, m.end) {
            continue;
        }
        let clause = c.clause_of(m.start);
        let (_, end) = c.clauses[clause];
        let program = s
            .mentions
            .iter()
            .filter(|p| p.start > m.end && p.end <= end && c.clause_of(p.start) == clause && p.kind != Kind::PairPart)
            .map(|p| out.table.find(p.entity))
            .find(|&e| program(out.class(e)));
        if let Some(p) = program {
            out.fact(m.entity, Property::ParticipatesIn, p, sx.si, sx.rule.name, sx.rule.confidence);
        }
    }
}

/// "the other ISS partners (Russia, Japan, Canada and Europe)": the
/// parties in brackets after a program's "partners" take part in it.
pub(super) fn partners_in_brackets(sx: &Sx<'_, '_>, out: &mut Out<'_>) {
    let (s, c) = (sx.s, sx.c);
    for k in 0..s.tokens.len().saturating_sub(2) {
        if !(c.lower[k].starts_with("partner") && s.tokens[k + 1].text == "(") {
            continue;
        }
        let Some(p) = program_before(sx, out, k, 3) else { continue };
        let close = (k + 2..s.tokens.len()).find(|&j| s.tokens[j].text == ")").unwrap_or(s.tokens.len());
        let parties: Vec<usize> = s
            .mentions
            .iter()
            .filter(|m| m.start > k + 1 && m.end <= close && actor(out.class(m.entity)))
            .map(|m| m.entity)
            .collect();
        for x in parties {
            out.fact(x, Property::ParticipatesIn, p, sx.si, sx.rule.name, sx.rule.confidence);
        }
    }
}

/// "the launch of NASA's SPHEREx telescope, with KASI as a partner": the
/// party "with" names "as a partner" takes part in the program before it.
pub(super) fn with_as_partner(sx: &Sx<'_, '_>, out: &mut Out<'_>) {
    let (s, c) = (sx.s, sx.c);
    for m in s.mentions.iter() {
        if !actor(out.class(m.entity)) {
            continue;
        }
        let with = m.start >= 1 && c.lower[m.start - 1] == "with";
        let as_partner = c.lower.get(m.end).is_some_and(|w| w == "as")
            && c.lower.get(m.end + 2).is_some_and(|w| w.starts_with("partner"));
        if !(with && as_partner) {
            continue;
        }
        if let Some(p) = program_before(sx, out, m.start, m.start) {
            out.fact(m.entity, Property::ParticipatesIn, p, sx.si, sx.rule.name, sx.rule.confidence);
        }
    }
}
