//! Time limits that reach into cross products.
//!
//! Oxigraph checks a query's cancellation token whenever the evaluation
//! reads the store. A join of patterns that share no variable (a cross
//! product) reads each side once and then combines rows in memory, so
//! `{ ?a rdfs:label ?x . ?b rdfs:label ?y . ?c rdfs:label ?z }` under
//! `DISTINCT`, `ORDER BY` or `COUNT` runs on for as long as the product is
//! large, holding it all in memory: a few typos in a hand-written query
//! made a 4,000-quad graph take 7.7 GB and 15 s (found by fuzzing:
//! `fuzz/regressions/query/cross-product-outgrows-its-time-limit`).
//!
//! [`guard_products`] rewrites a query so that each product's rows pass a
//! filter calling [`GUARD`], a function that is always true until the
//! token is cancelled and then stops the evaluation by unwinding (with
//! [`std::panic::resume_unwind`], which runs no panic hook) with a
//! [`Stopped`] payload. [`guarded`] prepares such a query with the
//! function; a caller that evaluates it catches the unwind
//! ([`is_stop`]) and answers that the time is up. The filter names a
//! variable of each side, so Oxigraph's optimizer cannot push it below the
//! join, and wraps them in `COALESCE` so that it never fails on an unbound one.

use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::{CancellationToken, PreparedSparqlQuery, SparqlEvaluator};
use spargebra::Query;
use spargebra::algebra::{Expression, Function, GraphPattern};
use spargebra::term::{TermPattern, TriplePattern, Variable};
use std::any::Any;
use std::collections::BTreeSet;

/// The IRI of the guard function.
pub const GUARD: &str = "urn:orbitkg:guard";

/// The payload a guard unwinds with once its token is cancelled.
#[derive(Debug)]
pub struct Stopped;

/// Whether a caught unwind is a guard's stop (and not a bug).
pub fn is_stop(payload: &(dyn Any + Send)) -> bool {
    payload.is::<Stopped>()
}

/// `query` prepared for evaluation: under a limit (its `token`), guarded
/// as [`guarded`] does; without one, as it is.
pub fn prepare(query: Query, token: Option<CancellationToken>) -> PreparedSparqlQuery {
    match token {
        Some(token) => guarded(query, token),
        None => SparqlEvaluator::new().for_query(query),
    }
}

/// `query` with a guard on each of its cross products, prepared with the
/// guard function watching `token`.
pub fn guarded(query: Query, token: CancellationToken) -> PreparedSparqlQuery {
    let watched = token.clone();
    SparqlEvaluator::new()
        .with_cancellation_token(token)
        .with_custom_function(NamedNode::new_unchecked(GUARD), move |_| {
            if watched.is_cancelled() {
                std::panic::resume_unwind(Box::new(Stopped));
            }
            Some(Term::from(Literal::from(true)))
        })
        .for_query(guard_products(query))
}

/// `query` with each join or `OPTIONAL` whose sides share no variable, and
/// each basic graph pattern made of such parts, filtered through [`GUARD`].
pub fn guard_products(query: Query) -> Query {
    match query {
        Query::Select { dataset, pattern, base_iri } => Query::Select { dataset, pattern: guard(pattern), base_iri },
        Query::Construct { template, dataset, pattern, base_iri } => {
            Query::Construct { template, dataset, pattern: guard(pattern), base_iri }
        }
        Query::Describe { dataset, pattern, base_iri } => {
            Query::Describe { dataset, pattern: guard(pattern), base_iri }
        }
        Query::Ask { dataset, pattern, base_iri } => Query::Ask { dataset, pattern: guard(pattern), base_iri },
    }
}

fn boxed(p: GraphPattern) -> Box<GraphPattern> {
    Box::new(guard(p))
}

fn guard(pattern: GraphPattern) -> GraphPattern {
    match pattern {
        GraphPattern::Bgp { patterns } => guard_bgp(patterns),
        GraphPattern::Join { left, right } => {
            let (left, right) = (guard(*left), guard(*right));
            let names = disjoint(&left, &right);
            guard_if(GraphPattern::Join { left: Box::new(left), right: Box::new(right) }, names)
        }
        GraphPattern::LeftJoin { left, right, expression } => {
            // Each row of the left combines with every row of the right.
            let (left, right) = (guard(*left), guard(*right));
            let names = disjoint(&left, &right);
            guard_if(GraphPattern::LeftJoin { left: Box::new(left), right: Box::new(right), expression }, names)
        }
        GraphPattern::Filter { expr, inner } => GraphPattern::Filter { expr, inner: boxed(*inner) },
        GraphPattern::Union { left, right } => GraphPattern::Union { left: boxed(*left), right: boxed(*right) },
        GraphPattern::Graph { name, inner } => GraphPattern::Graph { name, inner: boxed(*inner) },
        GraphPattern::Extend { inner, variable, expression } => {
            GraphPattern::Extend { inner: boxed(*inner), variable, expression }
        }
        GraphPattern::Minus { left, right } => GraphPattern::Minus { left: boxed(*left), right: boxed(*right) },
        GraphPattern::OrderBy { inner, expression } => GraphPattern::OrderBy { inner: boxed(*inner), expression },
        GraphPattern::Project { inner, variables } => GraphPattern::Project { inner: boxed(*inner), variables },
        GraphPattern::Distinct { inner } => GraphPattern::Distinct { inner: boxed(*inner) },
        GraphPattern::Reduced { inner } => GraphPattern::Reduced { inner: boxed(*inner) },
        GraphPattern::Slice { inner, start, length } => GraphPattern::Slice { inner: boxed(*inner), start, length },
        GraphPattern::Group { inner, variables, aggregates } => {
            GraphPattern::Group { inner: boxed(*inner), variables, aggregates }
        }
        // Paths, VALUES and SERVICE make no product of their own.
        other => other,
    }
}

/// A variable of each of `left` and `right` when both have some and they
/// share none: their join is a product.
fn disjoint(left: &GraphPattern, right: &GraphPattern) -> Option<(Variable, Variable)> {
    let (l, r) = (variables(left), variables(right));
    match (l.first(), r.first()) {
        (Some(a), Some(b)) if l.is_disjoint(&r) => Some((a.clone(), b.clone())),
        _ => None,
    }
}

/// `join` through the guard when `names` says it is a product.
fn guard_if(join: GraphPattern, names: Option<(Variable, Variable)>) -> GraphPattern {
    match names {
        Some((a, b)) => through_guard(join, a, b),
        None => join,
    }
}

/// `left ⋈ right` (sharing no variable) with its rows through the guard,
/// which names `a` of the left and `b` of the right.
fn product(left: GraphPattern, right: GraphPattern, a: Variable, b: Variable) -> GraphPattern {
    through_guard(GraphPattern::Join { left: Box::new(left), right: Box::new(right) }, a, b)
}

/// `inner`'s rows through the guard, which names `a` and `b`.
fn through_guard(inner: GraphPattern, a: Variable, b: Variable) -> GraphPattern {
    let bound = |v: Variable| Expression::Coalesce(vec![Expression::Variable(v), Expression::Literal(false.into())]);
    GraphPattern::Filter {
        expr: Expression::FunctionCall(Function::Custom(NamedNode::new_unchecked(GUARD)), vec![bound(a), bound(b)]),
        inner: Box::new(inner),
    }
}

/// A basic graph pattern split into its connected parts (triple patterns
/// linked by shared variables or blank nodes), joined through guards. A
/// part with no variable of its own (only constants and blank nodes) stays
/// with the first part, since the guard cannot name it.
fn guard_bgp(patterns: Vec<TriplePattern>) -> GraphPattern {
    let parts = connected_parts(&patterns);
    let mut named: Vec<(Vec<TriplePattern>, Variable)> = Vec::new();
    let mut unnamed: Vec<TriplePattern> = Vec::new();
    for part in parts {
        let first = part.iter().flat_map(triple_variables).next();
        match first {
            Some(v) => named.push((part, v)),
            None => unnamed.extend(part),
        }
    }
    if named.len() < 2 {
        let mut all: Vec<TriplePattern> = named.into_iter().flat_map(|(p, _)| p).collect();
        all.extend(unnamed);
        return GraphPattern::Bgp { patterns: all };
    }
    let mut parts = named.into_iter();
    let (mut first, a) = parts.next().expect("two parts or more");
    first.extend(unnamed);
    let mut acc = GraphPattern::Bgp { patterns: first };
    for (part, b) in parts {
        acc = product(acc, GraphPattern::Bgp { patterns: part }, a.clone(), b);
    }
    acc
}

/// The named variables a triple pattern mentions.
fn triple_variables(t: &TriplePattern) -> impl Iterator<Item = Variable> + '_ {
    let subject = match &t.subject {
        TermPattern::Variable(v) => Some(v.clone()),
        _ => None,
    };
    let predicate = match &t.predicate {
        spargebra::term::NamedNodePattern::Variable(v) => Some(v.clone()),
        _ => None,
    };
    let object = match &t.object {
        TermPattern::Variable(v) => Some(v.clone()),
        _ => None,
    };
    subject.into_iter().chain(predicate).chain(object)
}

/// What links triple patterns: their variables and blank nodes, by name.
fn links(t: &TriplePattern) -> Vec<String> {
    let mut out: Vec<String> = triple_variables(t).map(|v| format!("?{}", v.as_str())).collect();
    for term in [&t.subject, &t.object] {
        if let TermPattern::BlankNode(b) = term {
            out.push(format!("_:{}", b.as_str()));
        }
    }
    out
}

/// The connected parts of `patterns`, each in the patterns' order, the
/// parts in the order of their first pattern. Union-find over the links.
fn connected_parts(patterns: &[TriplePattern]) -> Vec<Vec<TriplePattern>> {
    let mut parent: Vec<usize> = (0..patterns.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut owner: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, t) in patterns.iter().enumerate() {
        for link in links(t) {
            match owner.get(&link) {
                Some(&j) => {
                    let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                    parent[ri.max(rj)] = ri.min(rj);
                }
                None => {
                    owner.insert(link, i);
                }
            }
        }
    }
    let mut parts: Vec<Vec<TriplePattern>> = Vec::new();
    let mut index: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for (i, t) in patterns.iter().enumerate() {
        let r = root(&mut parent, i);
        let k = *index.entry(r).or_insert_with(|| {
            parts.push(Vec::new());
            parts.len() - 1
        });
        parts[k].push(t.clone());
    }
    parts
}

/// The variables in scope of `p`.
fn variables(p: &GraphPattern) -> BTreeSet<Variable> {
    let mut out = BTreeSet::new();
    p.on_in_scope_variable(|v| {
        out.insert(v.clone());
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> Query {
        spargebra::SparqlParser::new().parse_query(q).expect("a query")
    }

    fn guards(q: &Query) -> usize {
        q.to_string().matches(GUARD).count()
    }

    #[test]
    fn products_get_a_guard_each_and_joins_none() {
        let p = "PREFIX r: <http://www.w3.org/2000/01/rdf-schema#> ";
        assert_eq!(guards(&guard_products(parse(&format!("{p} SELECT * {{ ?a r:label ?x . ?a r:comment ?y }}")))), 0);
        assert_eq!(
            guards(&guard_products(parse(&format!(
                "{p} SELECT * {{ ?a r:label ?x . ?b r:label ?y . ?c r:label ?z . ?c r:comment ?w }}"
            )))),
            2
        );
        assert_eq!(
            guards(&guard_products(parse(&format!(
                "{p} SELECT * {{ ?a r:label ?x {{ SELECT ?b {{ ?b r:label ?y }} }} }}"
            )))),
            1
        );
        // Linked through a blank node: one part.
        assert_eq!(guards(&guard_products(parse(&format!("{p} SELECT * {{ ?a r:seeAlso _:n . _:n r:label ?y }}")))), 0);
    }

    #[test]
    fn a_guarded_query_means_what_it_meant() {
        let q = "SELECT ?x ?y { ?a <urn:p> ?x . ?b <urn:q> ?y OPTIONAL { ?c <urn:r> ?z } }";
        let g = guard_products(parse(q));
        // Parses again: the rewritten algebra is a query.
        assert_eq!(guards(&parse(&g.to_string())), guards(&g));
    }
}
