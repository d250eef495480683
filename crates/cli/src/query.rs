//! `orbitkg query` and `orbitkg dump`.

use crate::cli::{DumpArgs, QueryArgs, ResultFormat};
use crate::data::{dump_format, is_stdout, open_source, write_maybe_gz};
use crate::exit::ExitStatus;
use anyhow::{Context, Result, bail};
use clap::ValueEnum;
use orbitkg_rdf::params::Binding;
use orbitkg_rdf::vocab::prefixes_for_base;
use orbitkg_rdf::{DumpFormat, KgStore, QueryOptions, dump};
use oxigraph::io::RdfSerializer;
use oxigraph::model::{NamedNode, Term, Variable};
use oxigraph::sparql::QueryResults;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use std::io::{IsTerminal, Read, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Runs `orbitkg query`.
pub fn run_query(args: &QueryArgs) -> Result<ExitStatus> {
    if args.file.as_deref().is_some_and(is_stdout) && args.source.data.iter().any(|d| is_stdout(d)) {
        bail!("the query and --data cannot both come from standard input (-): put one of them in a file");
    }
    let (sparql, origin) = match (&args.expr, &args.file) {
        (Some(e), _) => (e.clone(), "-e".to_string()),
        (None, Some(p)) if p.as_os_str() == "-" => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).context("cannot read the query from standard input")?;
            (s, "<stdin>".to_string())
        }
        (None, Some(p)) => (
            std::fs::read_to_string(p).with_context(|| format!("cannot read the query file {}", p.display()))?,
            p.display().to_string(),
        ),
        (None, None) => bail!("give a query file or -e 'SPARQL'"),
    };
    let store = open_source(&args.source)?;
    let bindings = bindings(&args.bind, &sparql, &origin, &store)?;
    let timeout = args.timeout.filter(|&s| s > 0).map(Duration::from_secs);
    let limit = timeout.map(|t| Backstop::start(t, &origin));
    let options = QueryOptions::new().with_timeout(timeout).with_bindings(bindings);
    let result = answer(&store, &sparql, &origin, &options, args.format);
    if let Some(limit) = limit {
        limit.finish();
    }
    result
}

/// The `--bind` values, each naming a variable the query has.
fn bindings(given: &[String], sparql: &str, origin: &str, store: &KgStore) -> Result<Vec<Binding>> {
    let prefixes = prefixes_for_base(&store.id_base()?);
    let (_, names) = scan_variables(sparql);
    let mut out: Vec<Binding> = Vec::new();
    for text in given {
        let b = Binding::parse(text, &prefixes).map_err(anyhow::Error::msg)?;
        if !names.iter().any(|n| n == b.variable.as_str()) {
            let listed: Vec<String> = names.iter().map(|n| format!("?{n}")).collect();
            bail!(
                "--bind {text}: query {origin} has no variable ?{} (it has {})",
                b.variable.as_str(),
                listed.join(" ")
            );
        }
        if out.iter().any(|o| o.variable == b.variable) {
            bail!("--bind {text}: ?{} is bound twice", b.variable.as_str());
        }
        out.push(b);
    }
    Ok(out)
}

/// Runs the query and writes its results to standard output.
fn answer(
    store: &KgStore,
    sparql: &str,
    origin: &str,
    options: &QueryOptions,
    format: Option<ResultFormat>,
) -> Result<ExitStatus> {
    let results = store.query_with(sparql, options).with_context(|| format!("query {origin}"))?;
    if has_graph_pattern(sparql) && store.inner().named_graphs().next().is_none() {
        eprintln!(
            "warning: the data has no article graphs (Turtle, N-Triples and RDF/XML dumps hold the default graph \
             only), so GRAPH patterns match nothing; each fact's articles are in its evidence: \
             ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?doc"
        );
    }
    let stdout = std::io::stdout();
    let view = View {
        terminal: stdout.is_terminal(),
        width: crate::table::output_width(),
        prefixes: prefixes_for_base(&store.id_base()?),
    };
    let mut out = stdout.lock();
    write_results(results, format, sparql, &view, &mut out).with_context(|| format!("query {origin}"))?;
    out.flush()?;
    Ok(ExitStatus::Success)
}

/// Ends the process when a query outlives its `--timeout` by more than
/// [`Backstop::GRACE`]: Oxigraph stops a query when it next reads the store
/// (`orbitkg_rdf::TimeLimit`), which a join of patterns already read can
/// put off for hours.
struct Backstop {
    /// Set (under the lock) when the query has finished; the backstop takes
    /// the lock to end the process, so the two never both report.
    finished: Arc<Mutex<bool>>,
}

impl Backstop {
    /// Time given to the query to stop by itself and say so.
    const GRACE: Duration = Duration::from_secs(1);

    fn start(timeout: Duration, origin: &str) -> Backstop {
        let finished = Arc::new(Mutex::new(false));
        let flag = Arc::clone(&finished);
        let message = format!("error: query {origin}: {}", orbitkg_rdf::QueryTimedOut { limit: timeout });
        let watch = move || {
            std::thread::sleep(timeout + Self::GRACE);
            let done = flag.lock().unwrap_or_else(|e| e.into_inner());
            if !*done {
                // No flush of standard output: the query's thread holds its lock.
                eprintln!("{message}");
                std::process::exit(ExitStatus::Failure.code().into());
            }
        };
        // Without the thread the cooperative limit alone remains.
        let _ = std::thread::Builder::new().name("orbitkg-query-backstop".into()).spawn(watch);
        Backstop { finished }
    }

    fn finish(self) {
        *self.finished.lock().unwrap_or_else(|e| e.into_inner()) = true;
    }
}

/// Whether the query has a `GRAPH ?g` or `GRAPH <iri>` pattern (the keyword
/// followed by a variable or an IRI, which a string rarely is). Comments are
/// left out.
pub(crate) fn has_graph_pattern(sparql: &str) -> bool {
    sparql.lines().map(|l| l.split('#').next().unwrap_or("")).any(|line| {
        let upper = line.to_ascii_uppercase();
        upper.match_indices("GRAPH").any(|(i, _)| {
            let before = upper[..i].chars().next_back();
            let after = upper[i + 5..].trim_start().chars().next();
            !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
                && matches!(after, Some('?' | '$' | '<'))
        })
    })
}

/// How results are shown.
pub(crate) struct View {
    /// Whether standard output is a terminal (the table is the default there).
    pub(crate) terminal: bool,
    /// The width a table must fit ([`crate::table::output_width`]).
    pub(crate) width: Option<usize>,
    /// The prefixes that shorten IRIs, `id:` at the graph's base.
    pub(crate) prefixes: Vec<(&'static str, String)>,
}

/// A writer that remembers the last byte written, so that every format
/// can end with a newline.
struct LastByte<'a> {
    inner: &'a mut dyn Write,
    last: Option<u8>,
}

impl Write for LastByte<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        if n > 0 {
            self.last = Some(buf[n - 1]);
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

pub(crate) fn write_results(
    results: QueryResults<'_>,
    format: Option<ResultFormat>,
    sparql: &str,
    view: &View,
    out: &mut dyn Write,
) -> Result<()> {
    check_format_fits(&results, format)?;
    let mut out = LastByte { inner: out, last: None };
    match results {
        QueryResults::Graph(triples) => {
            let rdf = match format {
                Some(ResultFormat::Nt) => DumpFormat::NTriples,
                Some(ResultFormat::Rdf) => DumpFormat::RdfXml,
                Some(ResultFormat::Jsonld) => DumpFormat::JsonLd,
                _ => DumpFormat::Turtle,
            };
            let mut ser = RdfSerializer::from_format(rdf.rdf_format());
            if rdf == DumpFormat::Turtle {
                for (p, iri) in &view.prefixes {
                    ser = ser.with_prefix(*p, iri.as_str())?;
                }
            }
            let mut w = ser.for_writer(&mut out);
            for t in triples {
                w.serialize_triple(&t.context("query evaluation failed")?)?;
            }
            w.finish()?;
        }
        QueryResults::Boolean(b) => match results_format(format, view.terminal) {
            None => writeln!(out, "{b}")?,
            Some(f) => {
                QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(&mut out, b)?;
            }
        },
        QueryResults::Solutions(solutions) => {
            let vars = in_query_order(solutions.variables(), sparql);
            match results_format(format, view.terminal) {
                None => {
                    let mut rows: Vec<Vec<String>> = Vec::new();
                    for s in solutions {
                        let s = s.context("query evaluation failed")?;
                        rows.push(
                            vars.iter()
                                .map(|v| s.get(v).map(|t| short_term(t, &view.prefixes)).unwrap_or_default())
                                .collect(),
                        );
                    }
                    let header: Vec<String> = vars.iter().map(|v| v.as_str().to_string()).collect();
                    crate::table::write(&mut out, &header, &rows, view.width)?;
                    writeln!(out, "({} row{})", rows.len(), if rows.len() == 1 { "" } else { "s" })?;
                }
                Some(f) => {
                    let mut w = QueryResultsSerializer::from_format(f).serialize_solutions_to_writer(&mut out, vars)?;
                    for s in solutions {
                        let s = s.context("query evaluation failed")?;
                        w.serialize(&s)?;
                    }
                    w.finish()?;
                }
            }
        }
    }
    // JSON, XML and a CSV/TSV boolean end without one; a shell prompt
    // would follow on the same line.
    if out.last.is_some_and(|b| b != b'\n') {
        writeln!(out)?;
    }
    Ok(())
}

/// The variables of a `SELECT *` in the order they first appear in the
/// query, as a person wrote them: Oxigraph sorts them by name. Explicit
/// projections keep their order.
pub fn in_query_order(vars: &[Variable], sparql: &str) -> Vec<Variable> {
    let (star, order) = scan_variables(sparql);
    let mut vars = vars.to_vec();
    if star {
        // A stable sort: variables the text does not name (none, usually) keep their place at the end.
        vars.sort_by_key(|v| order.iter().position(|o| o == v.as_str()).unwrap_or(usize::MAX));
    }
    vars
}

/// Whether the query has a `SELECT *` (or `SELECT DISTINCT *`), and its
/// variable names in order of first appearance; comments, strings and IRIs
/// are skipped.
fn scan_variables(sparql: &str) -> (bool, Vec<String>) {
    let chars: Vec<char> = sparql.chars().collect();
    let mut order: Vec<String> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut star = false;
    let mut i = 0;
    let name_char = |c: char| c.is_alphanumeric() || c == '_' || c == '\u{B7}';
    while i < chars.len() {
        let c = chars[i];
        match c {
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '"' | '\'' => {
                let long = chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c);
                i += if long { 3 } else { 1 };
                while i < chars.len() {
                    if chars[i] == '\\' {
                        i += 2;
                        continue;
                    }
                    if chars[i] == c && (!long || (chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c))) {
                        i += if long { 2 } else { 0 };
                        break;
                    }
                    i += 1;
                }
            }
            '<' => {
                // An IRI has no spaces before its '>'; `?a < ?b` is a comparison.
                if let Some(end) = chars[i + 1..].iter().position(|&c| c == '>' || c.is_whitespace())
                    && chars[i + 1 + end] == '>'
                {
                    i += end + 1;
                }
            }
            '?' | '$' => {
                let start = i + 1;
                let mut end = start;
                while end < chars.len() && name_char(chars[end]) {
                    end += 1;
                }
                let name: String = chars[start..end].iter().collect();
                if !name.is_empty() && !order.contains(&name) {
                    order.push(name);
                }
                i = end.max(start) - 1;
            }
            '*' => {
                let last: Vec<&str> = words.iter().rev().take(2).map(String::as_str).collect();
                if last.first() == Some(&"SELECT")
                    || (matches!(last.first(), Some(&"DISTINCT" | &"REDUCED")) && last.get(1) == Some(&"SELECT"))
                {
                    star = true;
                }
                words.push("*".into());
            }
            c if c.is_alphabetic() => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == ':') {
                    i += 1;
                }
                words.push(chars[start..i].iter().collect::<String>().to_ascii_uppercase());
                continue;
            }
            c if !c.is_whitespace() => words.push(c.to_string()),
            _ => {}
        }
        i += 1;
    }
    (star, order)
}

/// Refuses a `--format` that does not fit the kind of result, rather than
/// printing another format than the one asked for.
fn check_format_fits(results: &QueryResults<'_>, format: Option<ResultFormat>) -> Result<()> {
    let Some(format) = format else { return Ok(()) };
    let graph = matches!(results, QueryResults::Graph(_));
    let for_graphs = matches!(format, ResultFormat::Ttl | ResultFormat::Nt | ResultFormat::Rdf | ResultFormat::Jsonld);
    if graph && !for_graphs {
        let name = format.to_possible_value().map(|v| v.get_name().to_owned()).unwrap_or_default();
        bail!("--format {name} does not fit a CONSTRUCT or DESCRIBE result, which is RDF: use ttl, nt, rdf or jsonld");
    }
    if !graph && for_graphs {
        let name = format.to_possible_value().map(|v| v.get_name().to_owned()).unwrap_or_default();
        let kind = if matches!(results, QueryResults::Boolean(_)) { "an ASK" } else { "a SELECT" };
        bail!(
            "--format {name} is for CONSTRUCT and DESCRIBE results; {kind} result is a table: use table, csv, tsv, \
             json or xml"
        );
    }
    Ok(())
}

/// `None` means the aligned table.
fn results_format(format: Option<ResultFormat>, terminal: bool) -> Option<QueryResultsFormat> {
    match format {
        None if terminal => None,
        None => Some(QueryResultsFormat::Tsv),
        Some(ResultFormat::Table) => None,
        Some(ResultFormat::Csv) => Some(QueryResultsFormat::Csv),
        Some(ResultFormat::Json) => Some(QueryResultsFormat::Json),
        Some(ResultFormat::Xml) => Some(QueryResultsFormat::Xml),
        // The RDF formats were refused by `check_format_fits`.
        Some(ResultFormat::Tsv | ResultFormat::Ttl | ResultFormat::Nt | ResultFormat::Rdf | ResultFormat::Jsonld) => {
            Some(QueryResultsFormat::Tsv)
        }
    }
}

/// A term as a person reads it: prefixed IRIs, literal values.
pub fn short_term(t: &Term, prefixes: &[(&str, String)]) -> String {
    match t {
        Term::NamedNode(n) => {
            for (p, iri) in prefixes {
                if let Some(rest) = n.as_str().strip_prefix(iri.as_str()) {
                    return format!("{p}:{rest}");
                }
            }
            format!("<{}>", n.as_str())
        }
        Term::Literal(l) => l.value().to_string(),
        other => other.to_string(),
    }
}

/// Runs `orbitkg dump`.
pub fn run_dump(args: &DumpArgs) -> Result<ExitStatus> {
    let out = args.out.as_deref().filter(|p| !is_stdout(p));
    let format = dump_format(args.format.as_deref(), out)?;
    if let Some(out) = out {
        crate::data::check_writable(out)?;
    }
    let graph = match &args.graph {
        Some(g) => Some(NamedNode::new(g).with_context(|| format!("--graph {g:?} is not an IRI"))?),
        None => None,
    };
    let store = open_source(&args.source)?;
    if let Some(g) = &graph
        && !store.inner().contains_named_graph(g.as_ref())?
    {
        // An empty dump and exit 0 would read as "this article states nothing".
        let known = store.inner().named_graphs().count();
        bail!(
            "no graph <{}> in the data ({known} named graphs; list them with \
             `orbitkg query -e 'SELECT DISTINCT ?g {{ GRAPH ?g {{}} }}'`)",
            g.as_str()
        );
    }
    match out {
        Some(path) => write_maybe_gz(path, |w| {
            dump(&store, format, graph.as_ref(), w)?;
            Ok(())
        })?,
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            dump(&store, format, graph.as_ref(), &mut lock)?;
            lock.flush()?;
        }
    }
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(sparql: &str, sorted: &[&str]) -> Vec<String> {
        let vars: Vec<Variable> = sorted.iter().map(|v| Variable::new_unchecked(*v)).collect();
        in_query_order(&vars, sparql).iter().map(|v| v.as_str().to_owned()).collect()
    }

    /// Oxigraph gives the variables of `SELECT *` sorted by name.
    #[test]
    fn select_star_variables_follow_the_query() {
        assert_eq!(order("SELECT * { ?z ?b ?a }", &["a", "b", "z"]), ["z", "b", "a"]);
        assert_eq!(order("select distinct * where { $z <http://e.org/?a> ?b }", &["b", "z"]), ["z", "b"]);
        assert_eq!(
            order("# ?b first in a comment\nSELECT * { ?z rdfs:label \"?b\" ; okg:p ?b }", &["b", "z"]),
            ["z", "b"]
        );
        assert_eq!(order("SELECT * { ?z ?p ?a FILTER(?a < ?z) }", &["a", "p", "z"]), ["z", "p", "a"]);
        // Explicit projections are left as they are.
        assert_eq!(order("SELECT (CONCAT(?b, ?a) AS ?x) ?a { ?a ?p ?b }", &["x", "a"]), ["x", "a"]);
        assert_eq!(order("SELECT (COUNT(*) AS ?n) { ?z ?b ?a }", &["n"]), ["n"]);
    }

    #[test]
    fn graph_patterns_are_recognised() {
        assert!(has_graph_pattern("SELECT * { GRAPH ?g { ?s ?p ?o } }"));
        assert!(has_graph_pattern("select * {\n graph <https://e.org/g> { ?s ?p ?o } }"));
        assert!(!has_graph_pattern("SELECT * { ?s okg:graph ?o }"));
        assert!(!has_graph_pattern("# GRAPH ?g in a comment\nSELECT * { ?s ?p ?o }"));
        assert!(!has_graph_pattern("SELECT * { ?s rdfs:label \"GRAPH theory\" }"));
    }
}
