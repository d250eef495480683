//! Where a SPARQL query that does not parse goes wrong, as `line:column` of
//! the offending token.
//!
//! The parser reports the furthest position it reached while trying every
//! alternative, which is often past the mistake: `FILTER(?s = )` on line 4
//! of five is reported at 6:1 with a list of keywords, a missing `.` between
//! two triple patterns as "expected OPTIONAL". [`locate`] reads the query's
//! tokens for the mistakes people make by hand — a bracket closed that was
//! never opened or never closed, an operator with nothing after it, two
//! triple patterns with no `.` between them — and names the token. When
//! none of these is found the parser's own message stands.

/// One token: its text and where it starts (1-based line and column, in
/// characters).
#[derive(Debug, Clone, PartialEq)]
struct Tok<'a> {
    text: &'a str,
    line: usize,
    col: usize,
}

impl Tok<'_> {
    fn at(&self) -> String {
        format!("{}:{}", self.line, self.col)
    }

    /// A term of a triple pattern: a variable, an IRI, a prefixed name, a
    /// literal, a number, `a`, a blank node.
    fn is_term(&self) -> bool {
        let t = self.text;
        let c = t.chars().next().unwrap_or(' ');
        matches!(c, '?' | '$' | '<' | '"' | '\'' | '_') && t.len() > 1
            || c.is_ascii_digit()
            || t == "a"
            || (t.contains(':') && !t.starts_with(':') || t.starts_with(':')) && !is_keyword(t)
    }
}

fn is_keyword(t: &str) -> bool {
    let u = t.to_ascii_uppercase();
    matches!(
        u.as_str(),
        "FILTER"
            | "OPTIONAL"
            | "BIND"
            | "VALUES"
            | "MINUS"
            | "UNION"
            | "GRAPH"
            | "SERVICE"
            | "SELECT"
            | "WHERE"
            | "ORDER"
            | "GROUP"
            | "LIMIT"
            | "OFFSET"
            | "HAVING"
            | "CONSTRUCT"
            | "ASK"
            | "DESCRIBE"
            | "FROM"
            | "NOT"
            | "EXISTS"
            | "AS"
            | "BY"
            | "DISTINCT"
            | "REDUCED"
            | "PREFIX"
            | "BASE"
    )
}

/// Keywords after which variables are no triple's terms, up to the next group.
fn is_modifier(t: &str) -> bool {
    matches!(
        t.to_ascii_uppercase().as_str(),
        "SELECT" | "ORDER" | "GROUP" | "HAVING" | "LIMIT" | "OFFSET" | "DISTINCT" | "REDUCED" | "BY"
    )
}

/// The query's tokens, without comments and whitespace.
fn tokens(q: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = q.char_indices().collect();
    let (mut line, mut col) = (1, 1);
    let mut i = 0;
    let advance = |from: usize, to: usize, line: &mut usize, col: &mut usize| {
        for &(_, c) in &chars[from..to] {
            if c == '\n' {
                *line += 1;
                *col = 1;
            } else {
                *col += 1;
            }
        }
    };
    while i < chars.len() {
        let (b, c) = chars[i];
        let end = if c.is_whitespace() {
            advance(i, i + 1, &mut line, &mut col);
            i += 1;
            continue;
        } else if c == '#' {
            let mut j = i;
            while j < chars.len() && chars[j].1 != '\n' {
                j += 1;
            }
            advance(i, j, &mut line, &mut col);
            i = j;
            continue;
        } else if c == '"' || c == '\'' {
            // A string (long strings too), then its language tag or datatype stay separate tokens.
            let long = chars.get(i + 1).map(|x| x.1) == Some(c) && chars.get(i + 2).map(|x| x.1) == Some(c);
            let quote = if long { 3 } else { 1 };
            let mut j = i + quote;
            while j < chars.len() {
                if chars[j].1 == '\\' {
                    j += 2;
                    continue;
                }
                if chars[j].1 == c && (!long || (1..3).all(|d| chars.get(j + d).map(|x| x.1) == Some(c))) {
                    j += quote;
                    break;
                }
                j += 1;
            }
            j.min(chars.len())
        } else if c == '<' && iri_end(&chars, i).is_some() {
            iri_end(&chars, i).unwrap_or(i + 1)
        } else if is_name_char(c) || matches!(c, '?' | '$' | ':' | '@' | '_') {
            let mut j = i + 1;
            while j < chars.len() && (is_name_char(chars[j].1) || matches!(chars[j].1, ':' | '-' | '.' | '%')) {
                j += 1;
            }
            // A name does not end with a dot: "okg:SpaceAgency." is the name and a `.`.
            while j > i + 1 && chars[j - 1].1 == '.' {
                j -= 1;
            }
            j
        } else {
            // Two-character operators, else one character.
            let two: String = chars[i..(i + 2).min(chars.len())].iter().map(|x| x.1).collect();
            if matches!(two.as_str(), "!=" | "<=" | ">=" | "&&" | "||" | "^^") { i + 2 } else { i + 1 }
        };
        let byte_end = chars.get(end).map_or(q.len(), |x| x.0);
        out.push(Tok { text: &q[b..byte_end], line, col });
        advance(i, end, &mut line, &mut col);
        i = end;
    }
    out
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The end of an IRI `<...>` starting at `i` (no whitespace inside).
fn iri_end(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let mut j = i + 1;
    while j < chars.len() {
        match chars[j].1 {
            '>' => return Some(j + 1),
            c if c.is_whitespace() || c == '<' || c == '"' => return None,
            _ => j += 1,
        }
    }
    None
}

/// The offending token of a query that does not parse and what is wrong
/// there (`"4:14: expected an expression after `=`, found `)`"`), when the
/// mistake is one of those this module knows.
pub fn locate(q: &str) -> Option<String> {
    let toks = tokens(q);
    brackets(&toks).or_else(|| empty_operand(&toks)).or_else(|| missing_dot(&toks))
}

/// A closing bracket with no opener, or of the wrong kind; an opener never closed.
fn brackets(toks: &[Tok<'_>]) -> Option<String> {
    let mut open: Vec<&Tok<'_>> = Vec::new();
    for t in toks {
        match t.text {
            "(" | "{" | "[" => open.push(t),
            ")" | "}" | "]" => {
                let want = match t.text {
                    ")" => "(",
                    "}" => "{",
                    _ => "[",
                };
                match open.pop() {
                    Some(o) if o.text == want => {}
                    Some(o) => {
                        return Some(format!("{}: `{}` closes the `{}` opened at {}", t.at(), t.text, o.text, o.at()));
                    }
                    None => return Some(format!("{}: `{}` closes nothing", t.at(), t.text)),
                }
            }
            _ => {}
        }
    }
    open.last().map(|o| format!("{}: `{}` is never closed", o.at(), o.text))
}

/// A binary operator with no operand after it: "FILTER(?s = )".
fn empty_operand(toks: &[Tok<'_>]) -> Option<String> {
    for w in toks.windows(2) {
        let binary = matches!(w[0].text, "=" | "!=" | "<=" | ">=" | "&&" | "||");
        if binary && matches!(w[1].text, ")" | "}" | "]" | "," | "." | ";") {
            return Some(format!("{}: expected an expression after `{}`, found `{}`", w[1].at(), w[0].text, w[1].text));
        }
    }
    None
}

/// Two triple patterns with no `.` between them: a fourth term after a
/// subject, a predicate and an object, in a group and outside brackets.
fn missing_dot(toks: &[Tok<'_>]) -> Option<String> {
    let mut depth = 0usize; // parentheses and square brackets
    let mut terms = 0usize;
    let mut path = false;
    let mut skip_group = Vec::new(); // per `{`: whether it is a VALUES block
    let mut values_next = false;
    // After SELECT, ORDER BY, GROUP BY …: variables that are no triple's terms.
    let mut modifiers = false;
    for t in toks {
        match t.text {
            "(" | "[" => depth += 1,
            ")" | "]" => depth = depth.saturating_sub(1),
            "{" => {
                skip_group.push(values_next);
                values_next = false;
                modifiers = false;
                terms = 0;
            }
            "}" => {
                skip_group.pop();
                modifiers = false;
                terms = 0;
            }
            _ if modifiers && !t.text.eq_ignore_ascii_case("WHERE") => {}
            "." | ";" | "," => {
                terms = match t.text {
                    "." => 0,
                    ";" => 1,
                    _ => 2,
                }
            }
            // A path step or a literal's datatype: the next term is part of this one.
            "/" | "|" | "^" | "^^" => path = true,
            _ if depth == 0 && !skip_group.last().copied().unwrap_or(true) => {
                if is_keyword(t.text) {
                    values_next = t.text.eq_ignore_ascii_case("VALUES");
                    modifiers = is_modifier(t.text);
                    terms = 0;
                    continue;
                }
                if t.is_term() {
                    if path {
                        path = false;
                        continue;
                    }
                    terms += 1;
                    if terms == 4 {
                        return Some(format!("{}: expected `.` before `{}` (a new triple pattern)", t.at(), t.text));
                    }
                }
            }
            _ => {
                if is_keyword(t.text) {
                    values_next = t.text.eq_ignore_ascii_case("VALUES");
                    modifiers = is_modifier(t.text);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::locate;

    /// Broken queries, each with the position of its mistake counted by hand.
    #[test]
    fn mistakes_are_placed_at_the_offending_token() {
        let cases = [
            // An operator with nothing after it: the `)` on line 4, column 15.
            (
                "PREFIX okg: <https://orbitkg.org/ns#>\nSELECT ?s WHERE {\n  ?s a okg:SpaceAgency .\n  FILTER(?s = )\n}\n",
                "4:15: expected an expression after `=`, found `)`",
            ),
            // No `.` after `okg:SpaceAgency`: the next pattern's `?s`, line 4, column 3.
            (
                "SELECT ?s WHERE {\n  ?s a okg:SpaceAgency\n  ?s okg:leads ?x .\n}\n",
                "3:3: expected `.` before `?s` (a new triple pattern)",
            ),
            // A brace closed twice: the second `}` on line 3, column 1.
            ("SELECT ?s WHERE {\n  ?s ?p ?o }\n}\n", "3:1: `}` closes nothing"),
            // A brace never closed: the `{` on line 1, column 17.
            ("SELECT ?s WHERE {\n  ?s ?p ?o .\n", "1:17: `{` is never closed"),
            // A bracket of the wrong kind: `}` on line 2, column 19 closes the `(` at 2:9.
            ("SELECT ?s WHERE {\n  FILTER(?s != ?o }\n", "2:19: `}` closes the `(` opened at 2:9"),
        ];
        for (q, want) in cases {
            assert_eq!(locate(q).as_deref(), Some(want), "{q}");
        }
    }

    /// The shipped queries parse; nothing here may find a mistake in them.
    #[test]
    fn the_shipped_queries_raise_nothing() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../queries");
        let mut n = 0;
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_some_and(|x| x == "rq") {
                let q = std::fs::read_to_string(&path).unwrap();
                assert_eq!(locate(&q), None, "{}", path.display());
                n += 1;
            }
        }
        assert!(n >= 9, "{n} queries");
    }

    #[test]
    fn well_formed_queries_and_their_tricky_parts_raise_nothing() {
        for q in [
            "SELECT * WHERE { ?s ?p ?o . ?o <http://x/p> \"a } b\" ; a ?c , ?d }",
            "SELECT ?x WHERE { VALUES ?x { <a:b> <a:c> <a:d> <a:e> } ?x okg:p/okg:q ?y }",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s okg:signed ?o FILTER(?o != <a:b>) } # a } comment",
            "SELECT ?s WHERE { ?s okg:title \"Minister\"@en . FILTER(?s < 3 && ?s >= 1) }",
            "SELECT ?s WHERE { ?s okg:title \"x\"^^xsd:string . { SELECT ?a ?b ?c ?d WHERE { ?a ?b ?c } ORDER BY ?a ?b ?c ?d } }",
        ] {
            assert_eq!(locate(q), None, "{q}");
        }
    }
}
