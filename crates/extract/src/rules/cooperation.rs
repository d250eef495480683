//! Cooperation: who works with whom, and on which program.

use super::{Cx, actor, program};
use crate::facts::Out;
use crate::model::{Property, Status};

/// "JAXA cooperates with ISRO on the LUPEX mission": both cooperate, both take part.
pub(super) fn verb(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let agents = cx.of(out, cx.f.agent.iter().copied(), actor);
    let partners = cx.of(out, cx.obl(&["with", "alongside"]), actor);
    let programs = cx.of(out, cx.obl(&["on", "in", "for"]), program);
    for &a in &agents {
        for &b in &partners {
            cx.fact(out, a, Property::CooperatesWith, b);
        }
    }
    // "ISRO and the UK Space Agency will cooperate": the subjects with each other.
    if partners.is_empty() {
        for (i, &a) in agents.iter().enumerate() {
            for &b in &agents[i + 1..] {
                cx.fact(out, a, Property::CooperatesWith, b);
            }
        }
    }
    // Only the parties of a stated cooperation take part in its program.
    if !partners.is_empty() {
        for &x in agents.iter().chain(&partners) {
            for &p in &programs {
                cx.fact(out, x, Property::ParticipatesIn, p);
            }
        }
    }
}

/// "cooperation between France and Brazil", "Japan's cooperation with India".
pub(super) fn noun(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let among = cx.of(out, cx.obl(&["between", "among", "amongst"]), actor);
    for (i, &a) in among.iter().enumerate() {
        for &b in &among[i + 1..] {
            cx.fact(out, a, Property::CooperatesWith, b);
        }
    }
    let owners = cx.of(out, cx.f.agent.iter().copied(), actor);
    let partners = cx.of(out, cx.obl(&["with"]), actor);
    for &a in &owners {
        for &b in &partners {
            cx.fact(out, a, Property::CooperatesWith, b);
        }
    }
    // "ESA suspended its cooperation with Roscosmos on ExoMars": the partner's
    // part in the program has the cooperation's status; the owner's goes on.
    if owners.is_empty() || partners.is_empty() {
        return;
    }
    for p in cx.of(out, cx.obl(&["on", "in"]), program) {
        for &b in &partners {
            cx.fact(out, b, Property::ParticipatesIn, p);
        }
        let status = cx.f.status.filter(|&s| s != Status::Ended);
        for &a in &owners {
            cx.fact_as(out, a, Property::ParticipatesIn, p, status);
        }
    }
}
