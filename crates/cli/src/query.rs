//! `orbitkg query` and `orbitkg dump`.

use crate::cli::{DumpArgs, QueryArgs, ResultFormat};
use crate::data::{dump_format, is_stdout, open_source, write_atomically};
use crate::exit::ExitStatus;
use anyhow::{Context, Result, bail};
use clap::ValueEnum;
use orbitkg_rdf::vocab::PREFIXES;
use orbitkg_rdf::{DumpFormat, dump};
use oxigraph::io::RdfSerializer;
use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::QueryResults;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use std::io::{IsTerminal, Read, Write};

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
    let results = store.query(&sparql).with_context(|| format!("query {origin}"))?;
    if has_graph_pattern(&sparql) && store.inner().named_graphs().next().is_none() {
        eprintln!(
            "warning: the data has no article graphs (Turtle, N-Triples and RDF/XML dumps hold the default graph \
             only), so GRAPH patterns match nothing; each fact's articles are in its evidence: \
             ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?doc"
        );
    }
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let mut out = stdout.lock();
    write_results(results, args.format, terminal, &mut out)?;
    out.flush()?;
    Ok(ExitStatus::Success)
}

/// Whether the query has a `GRAPH ?g` or `GRAPH <iri>` pattern (the keyword
/// followed by a variable or an IRI, which a string rarely is). Comments are
/// left out.
fn has_graph_pattern(sparql: &str) -> bool {
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

fn write_results(
    results: QueryResults<'_>,
    format: Option<ResultFormat>,
    terminal: bool,
    out: &mut dyn Write,
) -> Result<()> {
    check_format_fits(&results, format)?;
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
                for (p, iri) in PREFIXES {
                    ser = ser.with_prefix(*p, *iri)?;
                }
            }
            let mut w = ser.for_writer(out);
            for t in triples {
                w.serialize_triple(&t.context("query evaluation failed")?)?;
            }
            w.finish()?;
        }
        QueryResults::Boolean(b) => {
            let f = results_format(format, terminal);
            match f {
                None => writeln!(out, "{b}")?,
                Some(f) => {
                    QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(&mut *out, b)?;
                    if matches!(f, QueryResultsFormat::Tsv | QueryResultsFormat::Csv) {
                        writeln!(out)?;
                    }
                }
            }
        }
        QueryResults::Solutions(solutions) => {
            let vars = solutions.variables().to_vec();
            match results_format(format, terminal) {
                None => {
                    let mut rows: Vec<Vec<String>> = Vec::new();
                    for s in solutions {
                        let s = s.context("query evaluation failed")?;
                        rows.push(vars.iter().map(|v| s.get(v).map(short_term).unwrap_or_default()).collect());
                    }
                    let header: Vec<String> = vars.iter().map(|v| v.as_str().to_string()).collect();
                    write_table(out, &header, &rows)?;
                }
                Some(f) => {
                    let mut w = QueryResultsSerializer::from_format(f).serialize_solutions_to_writer(out, vars)?;
                    for s in solutions {
                        let s = s.context("query evaluation failed")?;
                        w.serialize(&s)?;
                    }
                    w.finish()?;
                }
            }
        }
    }
    Ok(())
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
pub fn short_term(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => {
            for (p, iri) in PREFIXES {
                if let Some(rest) = n.as_str().strip_prefix(iri) {
                    return format!("{p}:{rest}");
                }
            }
            format!("<{}>", n.as_str())
        }
        Term::Literal(l) => l.value().to_string(),
        other => other.to_string(),
    }
}

/// Writes an aligned table.
pub fn write_table(out: &mut dyn Write, header: &[String], rows: &[Vec<String>]) -> Result<()> {
    let width = |s: &str| s.chars().count();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(width(c).min(80));
        }
    }
    let line = |cells: &[String]| -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let c: String =
                if width(c) > 80 { c.chars().take(79).chain(std::iter::once('…')).collect() } else { c.clone() };
            if i + 1 == cells.len() {
                s.push_str(&c);
            } else {
                s.push_str(&c);
                s.push_str(&" ".repeat(widths[i] - width(&c) + 2));
            }
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line(header))?;
    writeln!(out, "{}", widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "))?;
    for r in rows {
        writeln!(out, "{}", line(r))?;
    }
    writeln!(out, "({} row{})", rows.len(), if rows.len() == 1 { "" } else { "s" })?;
    Ok(())
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
        Some(path) => write_atomically(path, |w| {
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

    #[test]
    fn graph_patterns_are_recognised() {
        assert!(has_graph_pattern("SELECT * { GRAPH ?g { ?s ?p ?o } }"));
        assert!(has_graph_pattern("select * {\n graph <https://e.org/g> { ?s ?p ?o } }"));
        assert!(!has_graph_pattern("SELECT * { ?s okg:graph ?o }"));
        assert!(!has_graph_pattern("# GRAPH ?g in a comment\nSELECT * { ?s ?p ?o }"));
        assert!(!has_graph_pattern("SELECT * { ?s rdfs:label \"GRAPH theory\" }"));
    }
}
