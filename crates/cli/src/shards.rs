//! `orbitkg extract` and `orbitkg load`: a build split into a map stage
//! (articles → extraction records, one shard or one stream at a time, on as
//! many processes or machines as there are) and a reduce stage (records of
//! every shard → cross-article resolution → one graph).
//!
//! The records are those a store keeps ([`orbitkg_extract::record`]), and
//! `load` stages them into an archive and commits it exactly as `build`
//! does ([`orbitkg_rdf::Archive`]), so the graph is the one a single build
//! of the same articles gives: the union of the shards is the corpus.

use crate::build::{
    Admit, COMMIT_BAR, InputFile, Output, SameContent, collect_inputs, note_if_nothing_kept, open_archive, output_of,
    progress, rate, read_in_batches, thousands, write_output, write_summary,
};
use crate::cli::{ExtractArgs, LoadArgs, Shard};
use crate::data::{GZIP_MAGIC, is_gz, is_stdout, write_atomically};
use crate::exit::ExitStatus;
use anyhow::{Context, Result, bail};
use orbitkg_extract::input::{self, Article};
use orbitkg_extract::{Gazetteer, Record, RecordError, extract_article};
use rayon::prelude::*;
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::Path;
use std::time::Instant;

/// The shard (from 1 to `n`) an article belongs to: the first 16 hex digits
/// of its SHA-256 as a number, modulo `n`, plus 1. It depends on the
/// article's content alone, so it is the same on every machine and for any
/// input order, and copies of one article fall in one shard (where they are
/// kept once, as a single build keeps them).
pub fn shard_of(sha256: &str, n: u64) -> u64 {
    let head = sha256.get(..16).and_then(|h| u64::from_str_radix(h, 16).ok()).unwrap_or(0);
    head % n.max(1) + 1
}

/// What `extract` saw.
#[derive(Debug, Default)]
struct Extracted {
    read: usize,
    other_shards: usize,
    records: usize,
    words: usize,
}

/// The extraction of one batch: the articles of this shard, extracted in
/// parallel, as record lines in input order.
fn extract_batch(batch: Vec<Article>, shard: Option<Shard>, counts: &mut Extracted) -> Vec<String> {
    let gaz = Gazetteer::builtin();
    counts.read += batch.len();
    let mut fresh = Vec::new();
    for a in batch {
        if shard.is_some_and(|s| shard_of(&a.sha256, s.n) != s.k) {
            counts.other_shards += 1;
            continue;
        }
        // Copies of one article (the same content under two sources) are
        // all extracted: `load` keeps the smallest source, as `build` does,
        // whichever shard file or batch each copy is in.
        fresh.push(a);
    }
    let lines: Vec<(String, usize)> = fresh
        .into_par_iter()
        .map(|a| {
            let x = extract_article(a, gaz);
            (Record::from_extraction(&x, gaz).to_line(), x.words)
        })
        .collect();
    counts.records += lines.len();
    counts.words += lines.iter().map(|l| l.1).sum::<usize>();
    lines.into_iter().map(|l| l.0).collect()
}

/// Writes record lines.
fn write_lines(out: &mut dyn Write, lines: &[String]) -> std::io::Result<()> {
    for l in lines {
        out.write_all(l.as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Lines of JSON articles read from standard input at a time: small enough
/// that records flow on while a batch engine still writes its partition.
const STDIN_LINES: usize = 256;

/// Reads JSON-lines articles from standard input in chunks, extracting and
/// writing each chunk's records before reading the next.
fn extract_stdin(
    args: &ExtractArgs,
    out: &mut dyn Write,
    problems: &mut Vec<String>,
    counts: &mut Extracted,
) -> Result<()> {
    let mut reader = std::io::stdin().lock();
    let mut lines_before = 0;
    loop {
        let mut chunk: Vec<u8> = Vec::new();
        let mut lines = 0;
        while lines < STDIN_LINES {
            match reader.read_until(b'\n', &mut chunk).context("cannot read standard input")? {
                0 => break,
                _ => lines += 1,
            }
        }
        if lines == 0 {
            return Ok(());
        }
        let mut batch = Vec::new();
        match input::from_jsonl_at(&args.source, &chunk, lines_before) {
            Err(e) => problems.push(format!("standard input: after line {lines_before}: {e}")),
            Ok(items) => {
                for it in items {
                    match it {
                        Ok(a) => batch.push(a),
                        Err(e) => problems.push(format!("standard input:{e}").replacen(":line ", ":", 1)),
                    }
                }
            }
        }
        lines_before += lines;
        write_lines(out, &extract_batch(batch, args.shard, counts))?;
        out.flush()?;
    }
}

/// Runs `orbitkg extract`.
pub fn run_extract(args: &ExtractArgs) -> Result<ExitStatus> {
    let started = Instant::now();
    let to_stdout = args.out.as_deref().is_none_or(is_stdout);
    if let Some(out) = args.out.as_deref().filter(|o| !is_stdout(o)) {
        crate::data::check_writable(out)?;
    }
    // Inputs that are skipped (missing, or folders without articles) are
    // problems like unreadable files: named, and the exit status says so.
    let (files, mut problems): (Vec<InputFile>, Vec<String>) = if args.stdin {
        (Vec::new(), Vec::new())
    } else {
        let (files, skipped) = collect_inputs(&args.inputs)?;
        if files.is_empty() {
            bail!("{}; nothing to extract", skipped.join("; "));
        }
        (files, skipped)
    };
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global().ok();
    }
    let mut counts = Extracted::default();
    let mut work = |out: &mut dyn Write| -> Result<()> {
        if args.stdin {
            return extract_stdin(args, out, &mut problems, &mut counts);
        }
        let total: u64 = files.iter().filter_map(|f| std::fs::metadata(&f.path).ok()).map(|m| m.len()).sum();
        let pb = progress(total, args.quiet, "{prefix:>9} [{bar:30}] {binary_bytes}/{binary_total_bytes}  {msg}");
        pb.set_prefix("extract");
        let mut counts_here = Extracted::default();
        read_in_batches(&files, &mut problems, &|n| pb.inc(n), |batch| {
            let lines = extract_batch(batch, args.shard, &mut counts_here);
            write_lines(out, &lines)?;
            out.flush()?;
            let per_sec = counts_here.read as f64 / started.elapsed().as_secs_f64().max(1e-9);
            pb.set_message(format!("{} articles  {}", thousands(counts_here.read as u64), rate(per_sec, "articles")));
            Ok(())
        })?;
        pb.finish_and_clear();
        counts = counts_here;
        Ok(())
    };
    let gzip = |out: &mut dyn Write, work: &mut dyn FnMut(&mut dyn Write) -> Result<()>| -> Result<()> {
        let mut z = flate2::write::GzEncoder::new(out, flate2::Compression::default());
        work(&mut z)?;
        z.finish()?;
        Ok(())
    };
    match args.out.as_deref() {
        _ if to_stdout => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            work(&mut out)?;
            out.flush()?;
        }
        Some(path) if is_gz(path) => write_atomically(path, |w| gzip(w, &mut work))?,
        Some(path) => write_atomically(path, |w| work(w))?,
        None => unreachable!("no --out is standard output"),
    }
    for p in &problems {
        eprintln!("error: {p}");
    }
    if !args.quiet {
        let shard = match args.shard {
            Some(s) => format!(
                " of shard {}/{} ({} articles of other shards left out)",
                s.k,
                s.n,
                thousands(counts.other_shards as u64)
            ),
            None => String::new(),
        };
        eprintln!(
            "extracted  {} articles{shard}, {} read in {:.2} s",
            thousands(counts.records as u64),
            thousands(counts.read as u64),
            started.elapsed().as_secs_f64()
        );
        if let Some(out) = args.out.as_deref().filter(|o| !is_stdout(o)) {
            eprintln!("wrote      {}", out.display());
        }
    }
    if counts.read == 0 && !args.stdin {
        bail!("no readable articles in the inputs");
    }
    Ok(if problems.is_empty() { ExitStatus::Success } else { ExitStatus::InputErrors })
}

/// Record lines parsed at a time (in parallel).
const RECORD_LINES: usize = 1_000;

/// Runs `orbitkg load`.
/// Lines of one file reported one by one when they are no records; past
/// that, a count.
const MAX_LINE_ERRORS: usize = 10;

/// What a file given to `load` is when its first line is no record: an RDF
/// dump or JSON-lines articles, with what to use instead.
fn not_records(path: &Path, first: &[u8]) -> Option<String> {
    let first = String::from_utf8_lossy(first);
    let line = first.trim_start_matches('\u{feff}').trim_start();
    let rdf = crate::data::format_from_extension(path).is_some()
        || line.starts_with('@')
        || line.starts_with('<')
        || line.get(..6).is_some_and(|w| w.eq_ignore_ascii_case("prefix"));
    if rdf {
        return Some(
            "an RDF dump, not extraction records: read it with --data (orbitkg query FILE.rq --data …)".into(),
        );
    }
    let article = serde_json::from_str::<serde_json::Value>(line)
        .ok()
        .is_some_and(|v| v.get("text").is_some_and(serde_json::Value::is_string));
    article.then(|| {
        format!(
            "JSON-lines articles, not extraction records: build them with orbitkg build {0} (or make records \
             with orbitkg extract {0})",
            path.display()
        )
    })
}

pub fn run_load(args: &LoadArgs) -> Result<ExitStatus> {
    let started = Instant::now();
    crate::build::check_base(args.base.as_deref())?;
    if args.records.iter().filter(|r| is_stdout(r)).count() > 1 {
        bail!("standard input (-) can be read once only");
    }
    let output =
        output_of(args.out.as_deref(), args.format.as_deref(), args.store.is_some(), std::io::stdout().is_terminal())?;
    let gaz = Gazetteer::builtin();
    let mut archive = open_archive(args.store.as_deref(), args.base.as_deref())?;
    let mut problems: Vec<String> = Vec::new();
    let (mut read, mut unchanged, mut duplicates) = (0usize, 0usize, 0usize);
    let mut same = SameContent::default();
    let pb = progress(0, args.quiet, "{prefix:>9} {pos} records  {msg}");
    pb.set_prefix("read");
    for path in &args.records {
        let name = if is_stdout(path) { "standard input".to_string() } else { path.display().to_string() };
        let reader: Box<dyn Read> = if is_stdout(path) {
            Box::new(std::io::stdin().lock())
        } else {
            match std::fs::File::open(path) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    problems.push(format!("{name}: cannot read: {e}"));
                    continue;
                }
            }
        };
        let mut reader = BufReader::new(reader);
        let gzip = reader.fill_buf().with_context(|| format!("cannot read {name}"))?.starts_with(&GZIP_MAGIC);
        let mut reader: Box<dyn BufRead> = if gzip {
            Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(reader)))
        } else {
            Box::new(reader)
        };
        let mut line_no = 0usize;
        let (mut first_line, mut good_here, mut bad_here) = (None::<Vec<u8>>, 0usize, 0usize);
        'file: loop {
            // A chunk of (line number, line), parsed in parallel, staged in order.
            let mut chunk: Vec<(usize, Vec<u8>)> = Vec::new();
            while chunk.len() < RECORD_LINES {
                let mut buf = Vec::new();
                let n = reader.read_until(b'\n', &mut buf).with_context(|| format!("cannot read {name}"))?;
                if n == 0 {
                    break;
                }
                line_no += 1;
                if !buf.iter().all(u8::is_ascii_whitespace) {
                    if first_line.is_none() {
                        first_line = Some(buf.clone());
                    }
                    chunk.push((line_no, buf));
                }
            }
            if chunk.is_empty() {
                break;
            }
            let parsed: Vec<(usize, Result<Record, RecordError>)> = chunk
                .into_par_iter()
                .map(|(n, bytes)| {
                    let r = String::from_utf8(bytes)
                        .map_err(|_| RecordError::Syntax("not UTF-8".into()))
                        .and_then(|l| Record::parse(&l));
                    (n, r)
                })
                .collect();
            for (n, r) in parsed {
                let r = match r {
                    Ok(r) => r,
                    // Another format version: the whole file is another orbitkg's.
                    Err(e @ RecordError::Version { .. }) => {
                        bail!("{name}:{n}: {e}; extract its articles again with this orbitkg (nothing was loaded)")
                    }
                    Err(e) => {
                        // A file that is something else altogether is named once, with what to use.
                        if good_here == 0
                            && bad_here == 0
                            && let Some(what) = not_records(path, first_line.as_deref().unwrap_or_default())
                        {
                            problems.push(format!("{name}: {what}"));
                            break 'file;
                        }
                        bad_here += 1;
                        if bad_here <= MAX_LINE_ERRORS {
                            problems.push(format!("{name}:{n}: {e}"));
                        }
                        continue;
                    }
                };
                good_here += 1;
                if let Err(e) = r.check_origin(gaz) {
                    bail!("{name}:{n}: {e} (nothing was loaded)");
                }
                read += 1;
                match same.admit(&mut archive, &r.source, &r.sha256, args.store.is_some()) {
                    Admit::DuplicateOf(h) => {
                        eprintln!("note: {} has the same content as {h}; kept once", r.source);
                        duplicates += 1;
                        continue;
                    }
                    Admit::Unchanged => {
                        unchanged += 1;
                        continue;
                    }
                    Admit::Replaces(h) => {
                        eprintln!("note: {h} has the same content as {}; kept once", r.source);
                        duplicates += 1;
                    }
                    Admit::New => {}
                }
                archive.stage(&r).with_context(|| format!("cannot stage the record of {name}:{n}"))?;
            }
            pb.set_position(read as u64);
        }
        if bad_here > MAX_LINE_ERRORS {
            problems.push(format!(
                "{name}: {} more lines are no extraction records ({} in all; the first {MAX_LINE_ERRORS} above)",
                bad_here - MAX_LINE_ERRORS,
                bad_here
            ));
        }
    }
    pb.finish_and_clear();
    for p in &problems {
        eprintln!("error: {p}");
    }
    if read == 0 {
        bail!("no records read; nothing to load");
    }
    let pb = progress(0, args.quiet, COMMIT_BAR);
    let report = archive.commit(gaz, &crate::build::Bar(pb.clone()))?;
    pb.finish_and_clear();
    let store = archive.store();
    store.flush()?;
    write_output(store, &output)?;
    if !args.quiet {
        let mut summary: Box<dyn Write> = match output {
            Output::Stdout(_) => Box::new(std::io::stderr().lock()),
            _ => Box::new(std::io::stdout().lock()),
        };
        writeln!(summary, "records    {} read from {} files", thousands(read as u64), args.records.len())?;
        write_summary(&mut summary, &report, (unchanged, duplicates), store, args.store.as_deref())?;
        writeln!(summary, "seconds    {:.2}", started.elapsed().as_secs_f64())?;
        if let Output::File(out, _) = &output {
            writeln!(summary, "wrote      {}", out.display())?;
        }
    }
    note_if_nothing_kept(&output, args.store.as_deref());
    Ok(if problems.is_empty() { ExitStatus::Success } else { ExitStatus::InputErrors })
}

/// Whether `path` names a gzip file by its extension.
#[cfg(test)]
mod tests {
    use super::*;

    /// The documented rule, on fixed digests: a change of it would move
    /// articles between shards that machines already extracted.
    #[test]
    fn an_article_shard_is_its_digest_modulo_n() {
        let sha = "00000000000000ff0123456789abcdef0123456789abcdef0123456789abcdef";
        assert_eq!(shard_of(sha, 1), 1);
        assert_eq!(shard_of(sha, 2), 2); // 255 is odd
        assert_eq!(shard_of(sha, 5), 1); // 255 = 5 * 51
        assert_eq!(shard_of(sha, 7), 255 % 7 + 1);
        let big = "ffffffffffffffff";
        assert_eq!(shard_of(big, 10), u64::MAX % 10 + 1);
        // Every shard number is in 1..=n.
        for i in 0..200u64 {
            let s = format!("{:016x}", i.wrapping_mul(0x9e37_79b9_7f4a_7c15));
            assert!((1..=3).contains(&shard_of(&s, 3)));
        }
        assert!(is_gz(std::path::Path::new("a.jsonl.GZ")) && !is_gz(std::path::Path::new("a.jsonl")));
    }
}
