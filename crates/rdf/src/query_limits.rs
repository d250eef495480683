//! Parsing a query as orbitkg runs it, and the limits on its size that
//! keep a hand-written or fuzzed query from exhausting the parser's stack or
//! the planner's time: nesting refused before parsing, the parsed algebra's
//! size after ([`parse_query`]).

use crate::store::StoreError;
use spargebra::algebra::{Expression, GraphPattern};
use spargebra::{Query, SparqlParser};

/// The parser's message, with an undefined prefix said plainly and long
/// "expected one of" lists cut short.
pub fn concise_syntax_error(msg: &str) -> String {
    // The parser's character classes run over several lines; a message is one.
    let msg = &msg.lines().map(str::trim).collect::<Vec<_>>().join(" ");
    let position = msg.split(": expected").next().unwrap_or(msg);
    if msg.contains("Prefix not found") {
        let known: Vec<&str> = crate::vocab::PREFIXES.iter().map(|(p, _)| *p).collect();
        return format!("{position}: undefined prefix (declare it with PREFIX; predeclared: {}:)", known.join(":, "));
    }
    match msg.split_once("expected one of ") {
        Some((head, list)) => {
            let items: Vec<String> = list.split(", ").map(short_class).collect();
            if items.len() > 6 {
                format!("{head}expected one of {}, … ({} more)", items[..6].join(", "), items.len() - 6)
            } else {
                format!("{head}expected one of {}", items.join(", "))
            }
        }
        None => msg.to_string(),
    }
}

/// Parses a query as orbitkg runs it, with `prefixes` predeclared. Refused
/// before parsing: parentheses nested over [`MAX_PAREN_DEPTH`] deep, groups
/// over [`MAX_GROUP_DEPTH`]; after: an update ([`StoreError::Update`]), a
/// query over [`MAX_QUERY_SIZE`] ([`StoreError::TooLarge`]). Syntax errors
/// give `line:column`.
///
/// ```
/// let q = orbitkg_rdf::parse_query("ASK { ?s okg:signed ?o }", [("okg", "https://orbitkg.org/ns#")]);
/// assert!(q.is_ok());
/// let deep = format!("ASK {}{}", "{".repeat(100), "}".repeat(100));
/// assert!(orbitkg_rdf::parse_query(&deep, [("okg", "https://orbitkg.org/ns#")]).is_err());
/// ```
pub fn parse_query<P: AsRef<str>, I: AsRef<str>>(
    sparql: &str,
    prefixes: impl IntoIterator<Item = (P, I)>,
) -> Result<Query, StoreError> {
    let nesting = Nesting::of(sparql);
    if nesting.parens > MAX_PAREN_DEPTH {
        return Err(StoreError::Syntax(format!(
            "parentheses nested {} deep; orbitkg reads queries nested up to {MAX_PAREN_DEPTH} deep",
            nesting.parens
        )));
    }
    if nesting.negations > MAX_NEGATIONS {
        return Err(StoreError::Syntax(format!("{} `!` in a row; SPARQL allows {MAX_NEGATIONS}", nesting.negations)));
    }
    if nesting.groups > MAX_GROUP_DEPTH {
        return Err(StoreError::Syntax(format!(
            "groups ({{ … }} or [ … ]) nested {} deep; orbitkg reads queries with groups nested up to {MAX_GROUP_DEPTH} deep",
            nesting.groups
        )));
    }
    if nesting.operators > MAX_OPERATORS {
        return Err(StoreError::Syntax(format!(
            "{} operators (`||`, `+`, `=`, a path's `/` …); orbitkg reads queries with up to {MAX_OPERATORS}",
            nesting.operators
        )));
    }
    let mut parser = SparqlParser::new();
    for (p, iri) in prefixes {
        parser = parser.with_prefix(p.as_ref(), iri.as_ref()).map_err(|e| StoreError::Syntax(e.to_string()))?;
    }
    let query = match parser.clone().parse_query(sparql) {
        Ok(q) => q,
        // An update is well-formed SPARQL, just not a query: say that, not "syntax error".
        Err(_) if parser.parse_update(sparql).is_ok() => return Err(StoreError::Update),
        // The parser's position is the furthest it reached; the token at fault may be earlier.
        Err(e) => {
            return Err(StoreError::Syntax(
                crate::syntax::locate(sparql)
                    .map(|m| format!("error at {m}"))
                    .unwrap_or_else(|| concise_syntax_error(&e.to_string())),
            ));
        }
    };
    let size = algebra_size(&query);
    if size.total > MAX_QUERY_SIZE || size.joined > MAX_JOINED_PATTERNS {
        return Err(StoreError::TooLarge { total: size.total, joined: size.joined });
    }
    Ok(query)
}

/// The deepest nesting of parentheses a query may have. The SPARQL parser's
/// time doubles with each level of some nestings (`SELECT (!(!(!…`: 16
/// levels take seconds, 20 a minute, found by fuzzing), and parsing cannot
/// be cancelled, so deeper queries are refused before they are parsed.
pub const MAX_PAREN_DEPTH: usize = 10;

/// The most `!` a query may have in a row: SPARQL's grammar allows one
/// (`!` applies to a primary expression or a path), but the parser tries
/// every `!` of a run at each level of parentheses before it says so (ten
/// levels of four hundred: seconds).
pub const MAX_NEGATIONS: usize = 1;

/// The most binary operators a query may have. A chain of them (`1+1+…`,
/// `?a || ?b || …`, `<a>/<b>/…`) is parsed into a tree as deep as the chain
/// is long, which Oxigraph walks recursively: 5,000 `+` overflow the stack,
/// which ends the process (a server with it).
pub const MAX_OPERATORS: usize = 256;

/// The deepest nesting of groups (`{ … }`, and blank nodes' `[ … ]`) a
/// query may have. Oxigraph walks a query's algebra recursively: 1,500
/// nested subqueries (or 2,000 nested `[`) overflow the stack, which ends
/// the process (a server with it), so deeper queries are refused before they
/// are parsed. Hand-written queries nest a few deep.
pub const MAX_GROUP_DEPTH: usize = 64;

/// The largest query orbitkg runs, in the units of `algebra_size` (about one per
/// triple pattern and one per group, `OPTIONAL`, `UNION`, `FILTER`…), and
/// the most patterns one join of it may have. Oxigraph's optimizer takes time
/// that grows with the cube of the patterns a join has (40: a tenth of a
/// second, 80: over a second, 160: twenty) and with the square of a chain
/// of `OPTIONAL`s (160: two seconds, 320: eighteen), and cannot be
/// cancelled, nor can a query run without it (every join then becomes a
/// cross product), so larger queries are refused after parsing.
pub const MAX_QUERY_SIZE: usize = 256;

/// See [`MAX_QUERY_SIZE`].
pub const MAX_JOINED_PATTERNS: usize = 48;

/// How deep parentheses and groups nest in a query, outside comments,
/// strings and IRIs.
#[derive(Debug, Default, PartialEq)]
struct Nesting {
    parens: usize,
    groups: usize,
    /// The most `!` in a row (spaces between them allowed, `!=` not counted).
    negations: usize,
    /// Binary operators (`||`, `+`, `=`, a path's `/` …), each counted once.
    operators: usize,
}

impl Nesting {
    fn of(sparql: &str) -> Nesting {
        let (mut parens, mut groups, mut negations) = (0usize, 0usize, 0usize);
        let mut max = Nesting::default();
        let mut chars = sparql.chars().peekable();
        // Whether the current word is a prefixed name (`id:ann-mcclain`) or a
        // language tag (`@en-US`), in which `-` is a letter, not an operator.
        let mut in_name = false;
        let mut prev = ' ';
        while let Some(c) = chars.next() {
            if c == '!' && chars.peek() != Some(&'=') {
                negations += 1;
                max.negations = max.negations.max(negations);
                prev = c;
                continue;
            }
            if !c.is_whitespace() {
                negations = 0;
            }
            if c == '@'
                || c == ':' && (prev.is_alphanumeric() || prev.is_whitespace() || matches!(prev, '(' | '{' | '/' | '|'))
            {
                in_name = true;
            } else if !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '%' | '\\')) {
                in_name = false;
            }
            // Operators combine what is around them into one expression or path,
            // nested as deep as the chain is long; `a|b` and `a||b` count once.
            let doubled = matches!(c, '|' | '&') && prev == c;
            if (matches!(c, '|' | '&' | '+' | '*' | '/' | '=' | '>') || c == '-' && !in_name) && !doubled {
                max.operators += 1;
            }
            prev = c;
            match c {
                '(' => {
                    parens += 1;
                    max.parens = max.parens.max(parens);
                }
                ')' => parens = parens.saturating_sub(1),
                '{' | '[' => {
                    groups += 1;
                    max.groups = max.groups.max(groups);
                }
                '}' | ']' => groups = groups.saturating_sub(1),
                '#' => {
                    // The parser ends a comment at either line break.
                    chars.by_ref().find(|&c| c == '\n' || c == '\r');
                }
                // An IRI (`<http://…>`), not the operator `<` (`?a < ?b`,
                // `?a <= 3`), which is followed by a space, `=` or a value.
                '<' if chars
                    .peek()
                    .is_some_and(|&d| !d.is_whitespace() && !matches!(d, '=' | '?' | '$' | '"' | '\'' | '(')) =>
                {
                    chars.by_ref().find(|&c| c == '>' || c.is_whitespace());
                }
                '<' => max.operators += 1,
                '"' | '\'' => {
                    while let Some(d) = chars.next() {
                        match d {
                            '\\' => {
                                chars.next();
                            }
                            d if d == c => break,
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        max
    }
}

/// The size of a query's algebra.
#[derive(Debug, Default, PartialEq)]
struct AlgebraSize {
    /// Operators and triple patterns, with those of `EXISTS` filters.
    total: usize,
    /// The most triple patterns and operands one join has (Oxigraph's
    /// optimizer orders them), nested joins and groups flattened.
    joined: usize,
}

/// See [`AlgebraSize`].
fn algebra_size(query: &Query) -> AlgebraSize {
    let pattern = match query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => pattern,
    };
    let mut size = AlgebraSize::default();
    // Work lists, not recursion: a query's algebra may be deep.
    let mut todo = vec![pattern];
    while let Some(p) = todo.pop() {
        size.total += 1;
        match p {
            GraphPattern::Bgp { patterns } => {
                size.total += patterns.len();
                size.joined = size.joined.max(patterns.len());
            }
            GraphPattern::Path { .. } | GraphPattern::Values { .. } => {}
            GraphPattern::Join { .. } => {
                // The whole join, once: its operands are walked on their own.
                let mut joined = 0;
                let mut operands = vec![p];
                while let Some(o) = operands.pop() {
                    match o {
                        GraphPattern::Join { left, right } => {
                            size.total += 1;
                            operands.extend([&**left, &**right]);
                        }
                        GraphPattern::Bgp { patterns } => {
                            size.total += 1 + patterns.len();
                            joined += patterns.len();
                        }
                        other => {
                            joined += 1;
                            todo.push(other);
                        }
                    }
                }
                size.total -= 1;
                size.joined = size.joined.max(joined);
            }
            GraphPattern::Lateral { left, right }
            | GraphPattern::Union { left, right }
            | GraphPattern::Minus { left, right } => todo.extend([&**left, &**right]),
            GraphPattern::LeftJoin { left, right, expression } => {
                todo.extend([&**left, &**right]);
                todo.extend(expression.iter().flat_map(exists_patterns));
            }
            GraphPattern::Filter { expr, inner } => {
                todo.push(inner);
                todo.extend(exists_patterns(expr));
            }
            GraphPattern::Extend { inner, expression, .. } => {
                todo.push(inner);
                todo.extend(exists_patterns(expression));
            }
            GraphPattern::Graph { inner, .. }
            | GraphPattern::OrderBy { inner, .. }
            | GraphPattern::Project { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. }
            | GraphPattern::Group { inner, .. }
            | GraphPattern::Service { inner, .. } => todo.push(inner),
        }
    }
    size
}

/// The patterns of the `EXISTS` in an expression, where `!`, `&&` and
/// `||` combine them.
fn exists_patterns(e: &Expression) -> Vec<&GraphPattern> {
    let mut found = Vec::new();
    let mut todo = vec![e];
    while let Some(e) = todo.pop() {
        match e {
            Expression::Exists(p) => found.push(&**p),
            Expression::Not(e) => todo.push(e),
            Expression::And(a, b) | Expression::Or(a, b) => todo.extend([&**a, &**b]),
            _ => {}
        }
    }
    found
}

/// A character class of the parser's, `['A' ..= 'Z' | 'a' ..= 'z' | …]`
/// (hundreds of characters long), cut after its first range.
fn short_class(item: &str) -> String {
    match item.find(" | ") {
        Some(i) if item.starts_with('[') => format!("{} | …]", &item[..i]),
        _ => item.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::KgStore;

    #[test]
    fn syntax_errors_have_positions() {
        let s = KgStore::in_memory().unwrap();
        let e = s.query("SELECT * WHERE {\n  ?s ?p \n}").err().expect("a syntax error").to_string();
        assert!(e.contains("3:1") || e.contains("2:"), "{e}");
    }

    #[test]
    fn vocabulary_prefixes_are_predeclared() {
        let s = KgStore::in_memory().unwrap();
        assert!(s.query("ASK { ?s okg:signed ?a ; rdfs:label ?l }").is_ok());
    }

    #[test]
    fn undefined_prefixes_are_named_plainly() {
        let s = KgStore::in_memory().unwrap();
        let e = s.query("SELECT * WHERE {\n  ?s foo:leads ?o }").err().expect("an error").to_string();
        assert!(e.contains("2:") && e.contains("undefined prefix"), "{e}");
        assert!(e.lines().count() == 1 && e.len() < 200, "{e}");
    }

    /// Regression (found by the `query` fuzz target): a syntax error listed
    /// character classes over several lines and hundreds of characters.
    #[test]
    fn syntax_errors_are_one_short_line() {
        let s = KgStore::in_memory().unwrap();
        for q in ["SELECT ?x WHERE { ?s ?p ?o } GROUP BY", "SELECT DISTINCT ?agencyA ?age\nWHERE {"] {
            let e = s.query(q).err().expect("a syntax error").to_string();
            assert!(e.lines().count() == 1 && e.len() < 200, "{e}");
        }
        let e = s.query("SELECT ?x WHERE { ?s ?p ?o } GROUP BY").err().expect("a syntax error").to_string();
        assert!(e.contains("['A' ..= 'Z' | …]"), "{e}");
    }

    /// Regression (found by the `query` fuzz target): 47 bytes of nested
    /// parentheses kept the parser busy for a minute.
    #[test]
    fn deeply_nested_parentheses_are_refused_before_parsing() {
        let s = KgStore::in_memory().unwrap();
        let deep = format!("SELECT {}E", "(!".repeat(20));
        let e = s.query(&deep).err().expect("refused").to_string();
        assert!(e.contains("nested 20 deep"), "{e}");
        // Regression (found by the `query` fuzz target): a comment ended by a
        // carriage return hid the parentheses after it.
        let hidden = format!("SELECT # a comment\r{}E", "(!".repeat(20));
        assert!(s.query(&hidden).err().expect("refused").to_string().contains("nested 20 deep"));
        // Strings and comments do not count; ten levels are read.
        let ok = format!(
            "# {}\nASK {{ FILTER({}1{} || REGEX(\"((((((((((((\", \"x\")) }}",
            "(".repeat(30),
            "(".repeat(9),
            ")".repeat(9)
        );
        assert!(s.query(&ok).is_ok(), "{:?}", s.query(&ok).err());
    }

    /// Regression (found by the `query` fuzz target): eight levels of
    /// parentheses each after a hundred `!` kept the parser busy for seconds.
    #[test]
    fn long_runs_of_negations_are_refused_before_parsing() {
        let s = KgStore::in_memory().unwrap();
        let q = |bangs: usize| format!("SELECT ?c {}COUNT", format!("({} ", "!".repeat(bangs)).repeat(8));
        let e = s.query(&q(100)).err().expect("refused").to_string();
        assert!(e.contains("100 `!` in a row"), "{e}");
        // Up to the limit, the parser's own error.
        let e = s.query(&q(MAX_NEGATIONS)).err().expect("a syntax error").to_string();
        assert!(e.contains("1:"), "{e}");
        assert!(s.query("ASK { ?s !rdf:type ?o FILTER(!BOUND(?x) && !(1 != 2) || ?s != ?o) }").is_ok());
    }

    /// Regression (found by the `query` fuzz target): 1,500 nested
    /// subqueries overflowed the stack, which ends the process (and a server).
    #[test]
    fn deeply_nested_groups_are_refused_before_parsing() {
        let s = KgStore::in_memory().unwrap();
        let nest = |n: usize| format!("ASK {{ {} ?s ?p ?o {} }}", "{ SELECT * WHERE { ".repeat(n), "} }".repeat(n));
        let e = s.query(&nest(1500)).err().expect("refused").to_string();
        assert!(e.contains("nested 3001 deep"), "{e}");
        // At the limit, on a test thread's small stack in a debug build: read.
        let ok = nest((MAX_GROUP_DEPTH - 1) / 2);
        assert!(s.query(&ok).is_ok(), "{:?}", s.query(&ok).err());
        // Braces in strings, comments and IRIs do not count.
        let quoted = format!("# {}\nASK {{ ?s ?p \"{}\" }}", "{".repeat(100), "{".repeat(100));
        assert!(s.query(&quoted).is_ok(), "{:?}", s.query(&quoted).err());
        assert_eq!(
            Nesting::of("ASK { ?a ?b <http://x/(((#{{> FILTER(?a < ?b && ! !!(?a != ?b)) }"),
            Nesting { parens: 2, groups: 1, negations: 3, operators: 3 }
        );
    }

    /// Regression (found by probing what the fuzz target found): chains of
    /// 5,000 `+` (10 KB) or `||`, and 2,000 nested `[`, overflowed the stack.
    #[test]
    fn long_operator_chains_are_refused_before_parsing() {
        let s = KgStore::in_memory().unwrap();
        let plus = |n: usize| format!("SELECT * {{ ?s ?p ?o BIND({} AS ?z) }}", vec!["1"; n].join("+"));
        let or = |n: usize| format!("SELECT * {{ ?s ?p ?o FILTER({}) }}", vec!["?s = <a:b>"; n].join(" || "));
        let path = |n: usize| format!("SELECT * {{ ?s {} ?o }}", vec!["<a:b>"; n].join("/"));
        let minus = |n: usize| format!("SELECT * {{ ?s ?p ?o BIND({} AS ?z) }}", vec!["?s"; n].join("-"));
        for q in [plus(5000), or(5000), path(5000), minus(5000)] {
            let e = s.query(&q).err().expect("refused").to_string();
            assert!(e.contains("operators") && e.contains("up to 256"), "{e}");
        }
        // At the limit, on a test thread's small stack in a debug build: read.
        // (A path's steps are joined patterns: their own limit applies.)
        for q in [plus(MAX_OPERATORS / 2), or(MAX_OPERATORS / 2), path(MAX_JOINED_PATTERNS - 8)] {
            assert!(s.query(&q).is_ok(), "{:?}", s.query(&q).err());
        }
        let blank = |n: usize| format!("SELECT * {{ ?s ?p {} ?o {} }}", "[ ?p ".repeat(n), "]".repeat(n));
        assert!(s.query(&blank(2000)).err().expect("refused").to_string().contains("nested 2001 deep"));
        assert!(s.query(&blank(MAX_JOINED_PATTERNS - 8)).is_ok());
        // Hyphens in names and language tags are letters.
        let names = format!("SELECT * {{ VALUES ?x {{ {} }} }}", "id:ann-mcclain \"a\"@en-US ".repeat(200));
        assert!(s.query(&names).is_ok(), "{:?}", s.query(&names).err());
    }

    /// Regression (found by the `query` fuzz target): a join of 160
    /// patterns kept Oxigraph's optimizer busy for twenty seconds, before
    /// any time limit could stop it.
    #[test]
    fn queries_too_large_to_plan_are_refused() {
        let s = KgStore::in_memory().unwrap();
        let join = |n: usize| format!("SELECT * {{ {} }}", "?s ?p ?o . ".repeat(n));
        assert!(s.query(&join(MAX_JOINED_PATTERNS)).is_ok());
        let e = s.query(&join(MAX_JOINED_PATTERNS + 1)).err().expect("refused");
        assert!(matches!(e, StoreError::TooLarge { joined: 49, .. }), "{e}");
        assert!(e.to_string().contains("split it"), "{e}");
        // Groups and subqueries joined count as one join.
        let groups = format!("SELECT * {{ {} }}", "{ ?s ?p ?o FILTER(true) } ?s ?p ?o . ".repeat(25));
        assert!(matches!(s.query(&groups), Err(StoreError::TooLarge { joined: 50, .. })));
        // A long chain of OPTIONALs, each small.
        let chain = |n: usize| format!("SELECT * {{ ?s ?p ?o {} }}", "OPTIONAL { ?s ?p ?o } ".repeat(n));
        assert!(s.query(&chain(80)).is_ok());
        assert!(matches!(s.query(&chain(100)), Err(StoreError::TooLarge { joined: 1, .. })));
        // EXISTS filters count with what they hold.
        let exists = format!("ASK {{ ?s ?p ?o FILTER({}) }}", vec!["EXISTS { ?s ?p ?o }"; 130].join(" && "));
        assert!(matches!(s.query(&exists), Err(StoreError::TooLarge { .. })));
    }

    #[test]
    fn updates_are_not_queries() {
        let s = KgStore::in_memory().unwrap();
        // Regression: an update was reported as a syntax error.
        assert!(matches!(s.query("INSERT DATA { <a:a> <a:b> <a:c> }"), Err(StoreError::Update)));
        assert!(matches!(s.query("DELETE WHERE { ?s okg:signed ?o }"), Err(StoreError::Update)));
        assert!(matches!(s.query("INSERT DATA { <a:a> <a:b> }"), Err(StoreError::Syntax(_))));
    }
}
