//! Signing: who signed, adopted or joined which instrument, and when.

use super::{Cx, agreement, party, program};
use crate::model::Property;
use crate::relations::Out;

/// Parties named beside the agent: "signed the MoU with ISRO", "between A and B".
const WITH: &[&str] = &["with", "between", "alongside", "together with", "along with", "among", "amongst"];

fn signs(cx: &Cx<'_, '_>, out: &mut Out<'_>, agreements: &[usize], signers: &[usize]) {
    for &a in agreements {
        for &x in signers {
            cx.fact(out, x, Property::Signed, a);
        }
        if !signers.is_empty() {
            cx.date(out, a);
        }
    }
}

/// "Peru, Chile and Colombia signed the Artemis Accords (with B) on 3 May 2024."
pub(super) fn active(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    if cx.f.passive {
        return;
    }
    let agreements = cx.of(out, cx.f.theme.iter().copied(), agreement);
    let mut signers = cx.of(out, cx.f.agent.iter().copied(), party);
    signers.extend(cx.of(out, cx.obl(WITH), party));
    signs(cx, out, &agreements, &signers);
}

/// "The Accords were signed by Peru and Chile", "the MoU, signed between A and B".
pub(super) fn passive(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    if !cx.f.passive {
        return;
    }
    let agreements = cx.of(out, cx.f.theme.iter().copied(), agreement);
    let signers = cx.of(out, cx.obl(&["by", "between"]), party);
    signs(cx, out, &agreements, &signers);
}

/// "The signing of the Accords by Peru", "Japan's signing of the MoU".
pub(super) fn noun(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let agreements = cx.of(out, cx.obl(&["of"]), agreement);
    let mut signers = cx.of(out, cx.f.agent.iter().copied(), party);
    signers.extend(cx.of(out, cx.obl(&["by", "between"]), party));
    signs(cx, out, &agreements, &signers);
}

/// "Rwanda joined the Artemis Accords", "acceded to the treaty".
pub(super) fn accede(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    if cx.f.passive {
        return;
    }
    let mut objects = cx.f.theme.clone();
    objects.extend(cx.obl(&["to"]));
    let agreements = cx.of(out, objects.iter().copied(), agreement);
    let signers = cx.of(out, cx.f.agent.iter().copied(), party);
    signs(cx, out, &agreements, &signers);
    let _ = program;
}
