//! Query parameters: a variable of a query set from outside the query text
//! (`orbitkg query entity-facts.rq --bind n='"JAXA"@en'`).
//!
//! A query file that asks about one thing names it in a one-variable
//! `VALUES` block (`VALUES ?n { "NASA"@en }`): the file runs as written, and
//! a binding of that variable replaces the block's value. A variable with no
//! such block starts the evaluation bound (as RDF4J's `setBinding` does), so
//! its patterns are index lookups. Oxigraph's own `substitute_variable` only
//! takes variables of the `SELECT` list, hence the rewriting here.

use oxigraph::model::{Literal, NamedNode, Term, Variable};
use spargebra::Query;
use spargebra::algebra::GraphPattern;
use spargebra::term::GroundTerm;
use std::str::FromStr;

/// A query variable and the term it is set to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// The variable, without its `?`.
    pub variable: Variable,
    /// Its value.
    pub term: Term,
}

impl Binding {
    /// Reads `NAME=TERM`. The term is written as in a query: `<IRI>`, a
    /// prefixed name of `prefixes` (`id:nasa`, `okg:SpaceAgency`), a literal
    /// (`"NASA"@en`, `"2023-01-13"^^xsd:date`), a number or a boolean.
    pub fn parse<P: AsRef<str>, I: AsRef<str>>(text: &str, prefixes: &[(P, I)]) -> Result<Binding, String> {
        let (name, value) = text
            .split_once('=')
            .ok_or_else(|| format!("--bind {text}: write NAME=VALUE, e.g. --bind n='\"JAXA\"@en'"))?;
        let name = name.trim().trim_start_matches(['?', '$']);
        let variable = Variable::new(name).map_err(|e| format!("--bind {text}: `{name}` is no variable name ({e})"))?;
        let term = term(value.trim(), prefixes).map_err(|why| format!("--bind {text}: {why}"))?;
        Ok(Binding { variable, term })
    }
}

/// A term written as in a query.
fn term<P: AsRef<str>, I: AsRef<str>>(value: &str, prefixes: &[(P, I)]) -> Result<Term, String> {
    let expand = |name: &str| -> Option<String> {
        let (prefix, local) = name.split_once(':')?;
        let (_, iri) = prefixes.iter().find(|(p, _)| p.as_ref() == prefix)?;
        Some(format!("{}{local}", iri.as_ref()))
    };
    if value.starts_with('"') {
        // A datatype given as a prefixed name: "2023"^^xsd:gYear.
        if let Some((lexical, datatype)) = value.rsplit_once("^^")
            && !datatype.starts_with('<')
        {
            let iri = expand(datatype).ok_or_else(|| format!("unknown prefix in the datatype {datatype}"))?;
            return Term::from_str(&format!("{lexical}^^<{iri}>")).map_err(|e| e.to_string());
        }
        return Term::from_str(value).map_err(|e| e.to_string());
    }
    if value.starts_with('<') {
        return Term::from_str(value).map_err(|e| e.to_string());
    }
    if let Ok(n) = value.parse::<i64>() {
        return Ok(Literal::from(n).into());
    }
    let decimal = value.split_once('.').is_some_and(|(a, b)| {
        let a = a.strip_prefix(['-', '+']).unwrap_or(a);
        a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit()) && !b.is_empty()
    });
    if decimal {
        return Ok(Literal::new_typed_literal(value, oxigraph::model::vocab::xsd::DECIMAL).into());
    }
    if matches!(value, "true" | "false") {
        return Ok(Literal::from(value == "true").into());
    }
    match expand(value) {
        Some(iri) => NamedNode::new(iri).map(Term::from).map_err(|e| e.to_string()),
        None => Err(format!(
            "`{value}` is not a term; quote a name (n='\"{value}\"@en'), write an IRI (<https://…>) \
             or a prefixed name (id:nasa)"
        )),
    }
}

/// `query` with each binding applied: a one-variable `VALUES` block of the
/// variable takes the bound value instead of its own; a variable with no such
/// block is bound by a `VALUES` of its own joined at the top of the query's
/// `WHERE` (below its modifiers, grouping and `BIND`s), so the evaluation
/// starts from it.
pub fn apply(query: Query, bindings: &[Binding]) -> Query {
    let mut replaced = vec![false; bindings.len()];
    let mut walk = |p: GraphPattern| {
        let p = replace_values(p, bindings, &mut replaced);
        let rest: Vec<&Binding> = bindings.iter().zip(&replaced).filter(|(_, r)| !**r).map(|(b, _)| b).collect();
        if rest.is_empty() { p } else { inject(p, &rest) }
    };
    match query {
        Query::Select { dataset, pattern, base_iri } => Query::Select { dataset, pattern: walk(pattern), base_iri },
        Query::Construct { template, dataset, pattern, base_iri } => {
            Query::Construct { template, dataset, pattern: walk(pattern), base_iri }
        }
        Query::Describe { dataset, pattern, base_iri } => Query::Describe { dataset, pattern: walk(pattern), base_iri },
        Query::Ask { dataset, pattern, base_iri } => Query::Ask { dataset, pattern: walk(pattern), base_iri },
    }
}

/// `pattern` joined with one row binding each of `bindings`, below the
/// modifiers that wrap the `WHERE` clause.
fn inject(pattern: GraphPattern, bindings: &[&Binding]) -> GraphPattern {
    let go = |p: Box<GraphPattern>| Box::new(inject(*p, bindings));
    match pattern {
        GraphPattern::Slice { inner, start, length } => GraphPattern::Slice { inner: go(inner), start, length },
        GraphPattern::Distinct { inner } => GraphPattern::Distinct { inner: go(inner) },
        GraphPattern::Reduced { inner } => GraphPattern::Reduced { inner: go(inner) },
        GraphPattern::Project { inner, variables } => GraphPattern::Project { inner: go(inner), variables },
        GraphPattern::OrderBy { inner, expression } => GraphPattern::OrderBy { inner: go(inner), expression },
        GraphPattern::Group { inner, variables, aggregates } => {
            GraphPattern::Group { inner: go(inner), variables, aggregates }
        }
        GraphPattern::Extend { inner, variable, expression } => {
            GraphPattern::Extend { inner: go(inner), variable, expression }
        }
        GraphPattern::Filter { expr, inner } => GraphPattern::Filter { expr, inner: go(inner) },
        other => {
            let values = GraphPattern::Values {
                variables: bindings.iter().map(|b| b.variable.clone()).collect(),
                bindings: vec![bindings.iter().map(|b| ground(&b.term)).collect()],
            };
            GraphPattern::Join { left: Box::new(values), right: Box::new(other) }
        }
    }
}

fn replace_values(pattern: GraphPattern, bindings: &[Binding], replaced: &mut [bool]) -> GraphPattern {
    let mut go = |p: Box<GraphPattern>| Box::new(replace_values(*p, bindings, replaced));
    match pattern {
        GraphPattern::Values { variables, bindings: rows } if variables.len() == 1 => {
            let at = bindings.iter().position(|b| b.variable == variables[0]);
            match at.and_then(|i| ground(&bindings[i].term).map(|g| (i, g))) {
                Some((i, value)) => {
                    replaced[i] = true;
                    GraphPattern::Values { variables, bindings: vec![vec![Some(value)]] }
                }
                None => GraphPattern::Values { variables, bindings: rows },
            }
        }
        GraphPattern::Join { left, right } => GraphPattern::Join { left: go(left), right: go(right) },
        GraphPattern::LeftJoin { left, right, expression } => {
            let left = go(left);
            GraphPattern::LeftJoin { left, right: go(right), expression }
        }
        GraphPattern::Lateral { left, right } => GraphPattern::Lateral { left: go(left), right: go(right) },
        GraphPattern::Filter { expr, inner } => GraphPattern::Filter { expr, inner: go(inner) },
        GraphPattern::Union { left, right } => GraphPattern::Union { left: go(left), right: go(right) },
        GraphPattern::Graph { name, inner } => GraphPattern::Graph { name, inner: go(inner) },
        GraphPattern::Extend { inner, variable, expression } => {
            GraphPattern::Extend { inner: go(inner), variable, expression }
        }
        GraphPattern::Minus { left, right } => GraphPattern::Minus { left: go(left), right: go(right) },
        GraphPattern::OrderBy { inner, expression } => GraphPattern::OrderBy { inner: go(inner), expression },
        GraphPattern::Project { inner, variables } => GraphPattern::Project { inner: go(inner), variables },
        GraphPattern::Distinct { inner } => GraphPattern::Distinct { inner: go(inner) },
        GraphPattern::Reduced { inner } => GraphPattern::Reduced { inner: go(inner) },
        GraphPattern::Slice { inner, start, length } => GraphPattern::Slice { inner: go(inner), start, length },
        GraphPattern::Group { inner, variables, aggregates } => {
            GraphPattern::Group { inner: go(inner), variables, aggregates }
        }
        other => other,
    }
}

/// A term as a `VALUES` cell holds it (no blank node).
fn ground(term: &Term) -> Option<GroundTerm> {
    match term {
        Term::NamedNode(n) => Some(GroundTerm::NamedNode(n.clone())),
        Term::Literal(l) => Some(GroundTerm::Literal(l.clone())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREFIXES: &[(&str, &str)] =
        &[("id", "https://orbitkg.org/id/"), ("xsd", "http://www.w3.org/2001/XMLSchema#")];

    #[test]
    fn terms_are_read_as_a_query_writes_them() {
        let b = |s: &str| Binding::parse(s, PREFIXES).map(|b| (b.variable.as_str().to_string(), b.term.to_string()));
        assert_eq!(b("n=\"JAXA\"@en"), Ok(("n".into(), "\"JAXA\"@en".into())));
        assert_eq!(b("?e=id:jaxa"), Ok(("e".into(), "<https://orbitkg.org/id/jaxa>".into())));
        assert_eq!(b("e=<https://example.org/x>"), Ok(("e".into(), "<https://example.org/x>".into())));
        assert_eq!(
            b("d=\"2023\"^^xsd:gYear"),
            Ok(("d".into(), "\"2023\"^^<http://www.w3.org/2001/XMLSchema#gYear>".into()))
        );
        assert_eq!(b("k=10").map(|(_, t)| t), Ok("\"10\"^^<http://www.w3.org/2001/XMLSchema#integer>".into()));
        assert!(b("n=JAXA").unwrap_err().contains("quote a name"));
        assert!(b("JAXA").unwrap_err().contains("NAME=VALUE"));
        assert!(b("n=nope:x").is_err());
    }

    #[test]
    fn a_binding_replaces_a_values_block_of_its_variable_and_only_that() {
        let q = spargebra::SparqlParser::new()
            .parse_query("SELECT ?e WHERE { VALUES ?n { \"NASA\"@en } ?e ?p ?n . VALUES (?a ?b) { (1 2) } }")
            .unwrap();
        let bindings = [
            Binding::parse("n=\"JAXA\"@en", PREFIXES).unwrap(),
            Binding::parse("a=3", PREFIXES).unwrap(),
            Binding::parse("e=id:x", PREFIXES).unwrap(),
        ];
        let text = apply(q, &bindings).to_string();
        assert!(text.contains("\"JAXA\"@en") && !text.contains("\"NASA\"@en"), "{text}");
        let int = |n: u8| format!("\"{n}\"^^<http://www.w3.org/2001/XMLSchema#integer>");
        assert!(
            text.contains(&format!("( {} {} )", int(1), int(2))),
            "a block of two variables keeps its rows: {text}"
        );
        let injected = format!("VALUES ( ?a ?e ) {{ ( {} <https://orbitkg.org/id/x> )", int(3));
        assert!(text.contains(&injected), "{text}");
    }
}
