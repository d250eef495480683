//! Opening graphs (stores and dumps) and writing output files safely.

use crate::cli::{DataFormat, Source};
use anyhow::{Context, Result, bail};
use orbitkg_rdf::{DumpFormat, KgStore, StoreError};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

/// Opens the graph a read command works on.
pub fn open_source(source: &Source) -> Result<KgStore> {
    if let Some(dir) = &source.store {
        let store = KgStore::open_existing(dir).map_err(|e| match e {
            StoreError::NoStore(p) => anyhow::anyhow!(
                "no store at {}: run `orbitkg build INPUT... --store {}` first",
                p.display(),
                p.display()
            ),
            e => store_open_error(dir, e),
        })?;
        warn_if_only_named_graphs(&store, std::slice::from_ref(dir))?;
        if let Some(warning) = store_warning(dir) {
            eprintln!("warning: {warning}");
        }
        return Ok(store);
    }
    if source.data.is_empty() {
        bail!("no graph given: use --store DIR (from `orbitkg build --store DIR`) or --data DUMP...");
    }
    if source.data.iter().filter(|p| is_stdout(p)).count() > 1 {
        bail!("--data - is given more than once: standard input can be read only once");
    }
    let store = KgStore::in_memory()?;
    let format = source.data_format.map(DataFormat::dump_format);
    for path in &source.data {
        load_dump(&store, path, format)?;
    }
    warn_if_only_named_graphs(&store, &source.data)?;
    Ok(store)
}

/// What a reader of the store at `dir` is warned of, if anything: a `build`
/// or `remove` writing it now, or one that was interrupted before its first
/// commit or mid-update. Each article is whole (old, new or not there yet),
/// but the store is a mix of before and after until the update finishes.
pub fn store_warning(dir: &Path) -> Option<String> {
    let d = dir.display();
    if let Some(pid) = orbitkg_rdf::writer_running(dir) {
        let who = if pid.is_empty() { String::new() } else { format!(" (process {pid})") };
        Some(format!(
            "a build or remove{who} is writing the store at {d} now: what is read is what it has committed so far \
             (whole articles; none before its first commit); ask again when it has finished"
        ))
    } else if orbitkg_rdf::never_committed(dir) {
        Some(format!(
            "the store at {d} holds nothing yet: a build into it was interrupted before its first commit; run that \
             build again (`orbitkg build INPUT... --store {d}`)"
        ))
    } else if orbitkg_rdf::is_mid_update(dir) {
        Some(format!(
            "the store at {d} is mid-update: a build or remove into it was interrupted, so some articles may still \
             have their old graph or none yet; run that build again (`orbitkg build INPUT... --store {d}`) to finish \
             it"
        ))
    } else {
        None
    }
}

/// A store that would not open, named once: the errors that name the
/// directory themselves are left as they are.
pub fn store_open_error(dir: &Path, e: StoreError) -> anyhow::Error {
    match e {
        e @ (StoreError::NotAStore(_)
        | StoreError::NotAStoreToRead(_)
        | StoreError::Damaged { .. }
        | StoreError::Locked { .. }) => e.into(),
        e => anyhow::Error::new(e).context(format!("cannot open the store at {}", dir.display())),
    }
}

/// Plain queries read the default graph; a dump or store that keeps
/// everything in named graphs (written before the default graph held the
/// knowledge graph) answers them with nothing, which is worth one line on
/// standard error.
fn warn_if_only_named_graphs(store: &KgStore, data: &[PathBuf]) -> Result<()> {
    if store.only_named_graphs()? {
        let names: Vec<String> = data
            .iter()
            .map(|p| if is_stdout(p) { "standard input".to_string() } else { p.display().to_string() })
            .collect();
        eprintln!(
            "warning: {} hold(s) only named graphs and no default graph, so plain queries find nothing; \
             rebuild it with this orbitkg, or query with GRAPH ?g {{ … }}",
            names.join(", ")
        );
    }
    Ok(())
}

/// Loads one dump: a file, or standard input for `-`. Its format is `format`
/// (`--data-format`) or else the file's extension, read through a `.gz`
/// (`kg.trig.gz` is gzip-compressed TriG); gzip input is recognised by its
/// magic bytes as well, so `--data -` takes a compressed stream too. Triples
/// of graph formats (Turtle, N-Triples, RDF/XML) go into the default graph,
/// where an orbitkg dump took them from.
pub fn load_dump(store: &KgStore, path: &Path, format: Option<DumpFormat>) -> Result<()> {
    let name = if is_stdout(path) { "standard input".to_string() } else { path.display().to_string() };
    let format = match format {
        Some(f) => f,
        None if is_stdout(path) => {
            bail!("--data -: say which RDF format standard input holds with --data-format trig|nq|ttl|nt|rdf|jsonld")
        }
        None => format_from_extension(path).with_context(|| {
            format!(
                "{name}: cannot tell the RDF format from the extension (.ttl .trig .nt .nq .rdf .jsonld, \
                 optionally .gz); pass --data-format trig|nq|ttl|nt|rdf|jsonld"
            )
        })?,
    };
    let reader: Box<dyn Read> = if is_stdout(path) {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(File::open(path).with_context(|| format!("cannot read {name}"))?)
    };
    let mut reader = BufReader::new(reader);
    let gzip = reader.fill_buf().with_context(|| format!("cannot read {name}"))?.starts_with(&GZIP_MAGIC);
    let reader: Box<dyn Read> =
        if gzip { Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(reader))) } else { Box::new(reader) };
    store.load(reader, format.rdf_format()).with_context(|| format!("cannot load {name}"))
}

/// The first two bytes of every gzip stream.
pub(crate) const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The dump format a file name says: `kg.trig`, or `kg.trig.gz`.
pub(crate) fn format_from_extension(path: &Path) -> Option<DumpFormat> {
    let ext = path.extension()?.to_str()?;
    if ext.eq_ignore_ascii_case("gz") {
        let stem = Path::new(path.file_stem()?);
        return DumpFormat::from_name(stem.extension()?.to_str()?);
    }
    DumpFormat::from_name(ext)
}

/// Picks a dump format from `--format` or the file's extension.
pub fn dump_format(format: Option<&str>, out: Option<&Path>) -> Result<DumpFormat> {
    if let Some(f) = format {
        let asked = DumpFormat::from_name(f)
            .with_context(|| format!("unknown RDF format {f:?} (use ttl, trig, nt, nq, rdf or jsonld)"))?;
        // Turtle in a file named .nq would mislead every tool that opens it.
        let ext = out.and_then(format_from_extension);
        if let (Some(ext), Some(out)) = (ext, out)
            && ext != asked
        {
            bail!(
                "--format {f} does not fit {}: its extension says {}; change one of them",
                out.display(),
                ext.extension()
            );
        }
        return Ok(asked);
    }
    let Some(out) = out else { bail!("say which format with --format ttl|trig|nt|nq|rdf|jsonld") };
    format_from_extension(out).with_context(|| {
        format!("{}: cannot tell the format from the extension; add --format ttl|trig|nt|nq|rdf|jsonld", out.display())
    })
}

/// Whether an `--out` value means standard output (`-`, as in riot and the
/// Oxigraph CLI).
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Checks before any work that `path` can be written: its directory exists.
pub fn check_writable(path: &Path) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !dir.is_dir() {
        anyhow::bail!("cannot write {}: {} is not an existing directory", path.display(), dir.display());
    }
    if path.is_dir() {
        anyhow::bail!("cannot write {}: it is a directory", path.display());
    }
    Ok(())
}

/// Whether a file name asks for gzip (`kg.trig.gz`).
pub fn is_gz(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// [`write_atomically`], gzip-compressed when the name ends in `.gz`
/// (`dump --out kg.nq.gz`: N-Quads, then gzip), as `--data` reads it.
pub fn write_maybe_gz(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    if !is_gz(path) {
        return write_atomically(path, write);
    }
    write_atomically(path, |w| {
        let mut z = flate2::write::GzEncoder::new(w, flate2::Compression::default());
        write(&mut z)?;
        z.finish()?;
        Ok(())
    })
}

/// Writes a file through a temporary sibling and a rename, so that a failure
/// (a full disk) never leaves a half-written file in place of a good one.
/// A path that exists and is not a regular file (`/dev/null`, `/dev/full`,
/// a named pipe) is written directly: renaming over a device would replace it.
pub fn write_atomically(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let cannot = || format!("cannot write {}", path.display());
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        let mut f = std::io::BufWriter::new(std::fs::OpenOptions::new().write(true).open(path).with_context(cannot)?);
        write(&mut f).with_context(cannot)?;
        return f.flush().with_context(cannot);
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().with_context(|| format!("{} is not a file name", path.display()))?;
    let tmp = dir.join(format!(".{}.tmp-{}", name.to_string_lossy(), std::process::id()));
    let result = (|| {
        let mut f = std::io::BufWriter::new(File::create(&tmp).with_context(cannot)?);
        write(&mut f).with_context(cannot)?;
        f.flush().with_context(cannot)?;
        f.into_inner().map_err(|e| e.into_error()).and_then(|f| f.sync_all()).with_context(cannot)?;
        std::fs::rename(&tmp, path).with_context(cannot)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
