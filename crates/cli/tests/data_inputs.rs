//! `--data` reads what users have: gzip-compressed dumps, standard input, and
//! files whose extension does not say the format (issue 9 item 17).

mod common;

use common::*;
use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::Write;
use std::path::Path;

const COUNT: &str = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }";

/// The number of default-graph triples `orbitkg query` finds with `args`.
fn count_with(args: &[&std::ffi::OsStr], stdin: Option<Vec<u8>>) -> String {
    let mut cmd = orbitkg();
    cmd.args(["query", "--format", "tsv", "-e", COUNT]).args(args);
    if let Some(bytes) = stdin {
        cmd.write_stdin(bytes);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "orbitkg {args:?} failed: {}", stderr(&out));
    String::from_utf8(out.stdout).unwrap().lines().nth(1).expect("one row").to_string()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn gzip_file(from: &Path, to: &Path) {
    std::fs::write(to, gzip(&std::fs::read(from).unwrap())).unwrap();
}

#[test]
fn gzip_dumps_stdin_and_explicit_formats_read_the_same_graph() {
    let tmp = tempfile::tempdir().unwrap();
    let trig = build_seeds(tmp.path(), "kg.trig");
    let nq = build_seeds(tmp.path(), "kg.nq");
    let expected = count_with(&["--data".as_ref(), trig.as_os_str()], None);
    assert_ne!(expected, "0");

    // kg.trig.gz and kg.nq.gz: the format is the extension before .gz.
    for (plain, name) in [(&trig, "kg.trig.gz"), (&nq, "kg.nq.gz")] {
        let gz = tmp.path().join(name);
        gzip_file(plain, &gz);
        assert_eq!(count_with(&["--data".as_ref(), gz.as_os_str()], None), expected, "{name}");
    }

    // An extension orbitkg does not know, with the format named.
    let odd = tmp.path().join("kg.dump");
    std::fs::copy(&nq, &odd).unwrap();
    assert_eq!(
        count_with(&["--data".as_ref(), odd.as_os_str(), "--data-format".as_ref(), "nq".as_ref()], None),
        expected
    );

    // Standard input, plain and compressed.
    let bytes = std::fs::read(&trig).unwrap();
    let stdin_args: [&std::ffi::OsStr; 4] =
        ["--data".as_ref(), "-".as_ref(), "--data-format".as_ref(), "trig".as_ref()];
    assert_eq!(count_with(&stdin_args, Some(bytes.clone())), expected);
    assert_eq!(count_with(&stdin_args, Some(gzip(&bytes))), expected);
}

#[test]
fn data_from_standard_input_needs_its_format() {
    let out = orbitkg().args(["query", "-e", COUNT, "--data", "-"]).write_stdin("").output().unwrap();
    let line = single_error_line(&out, 1);
    assert!(line.contains("standard input") && line.contains("--data-format"), "{line}");
}

#[test]
fn an_unknown_extension_says_to_pass_data_format() {
    let tmp = tempfile::tempdir().unwrap();
    let odd = tmp.path().join("kg.dump");
    std::fs::write(&odd, "<https://e.org/a> <https://e.org/b> <https://e.org/c> .\n").unwrap();
    let out = orbitkg().args(["stats", "--data"]).arg(&odd).output().unwrap();
    let line = single_error_line(&out, 1);
    assert!(line.contains("kg.dump") && line.contains("--data-format"), "{line}");
    // A .gz whose inner extension is unknown is the same case.
    let gz = tmp.path().join("kg.gz");
    gzip_file(&odd, &gz);
    let out = orbitkg().args(["stats", "--data"]).arg(&gz).output().unwrap();
    let line = single_error_line(&out, 1);
    assert!(line.contains("kg.gz") && line.contains("--data-format"), "{line}");
}

#[test]
fn a_corrupt_gzip_dump_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let gz = tmp.path().join("kg.nq.gz");
    let mut bytes = gzip(b"<https://e.org/a> <https://e.org/b> <https://e.org/c> .\n");
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&gz, bytes).unwrap();
    let out = orbitkg().args(["stats", "--data"]).arg(&gz).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("kg.nq.gz"), "{}", stderr(&out));
}

#[test]
fn the_query_and_the_data_cannot_both_be_standard_input() {
    let out = orbitkg().args(["query", "-", "--data", "-", "--data-format", "nq"]).write_stdin("").output().unwrap();
    let line = single_error_line(&out, 1);
    assert!(line.contains("standard input"), "{line}");
}

/// What `--data` reads, `--out` writes: a name ending in `.gz` gets gzip of
/// the format before it (`dump --out kg.nq.gz`, `build --out kg.trig.gz`).
#[test]
fn outputs_named_gz_are_gzip_of_the_format_before_it() {
    let tmp = tempfile::tempdir().unwrap();
    let plain = build_seeds(tmp.path(), "seeds.trig");
    let nq = tmp.path().join("seeds.nq");
    let nq_gz = tmp.path().join("seeds.nq.gz");
    for out in [&nq, &nq_gz] {
        run_ok(["dump".as_ref(), "--data".as_ref(), plain.as_os_str(), "--out".as_ref(), out.as_os_str()]);
    }
    let zipped = std::fs::read(&nq_gz).unwrap();
    assert_eq!(&zipped[..2], &[0x1f, 0x8b], "gzip bytes");
    let mut unzipped = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&zipped[..]), &mut unzipped).unwrap();
    assert_eq!(unzipped, std::fs::read(&nq).unwrap(), "the same N-Quads, compressed");

    let built = tmp.path().join("built.trig.gz");
    run_ok(["build".as_ref(), seeds_dir().as_os_str(), "--quiet".as_ref(), "--out".as_ref(), built.as_os_str()]);
    let data = |p: &Path| ["--data".as_ref(), p.as_os_str()].map(|a: &std::ffi::OsStr| a.to_owned());
    let count = |p: &Path| {
        let args = data(p);
        count_with(&[args[0].as_os_str(), args[1].as_os_str()], None)
    };
    assert_eq!(count(&built), count(&plain), "a gzip build reads back as the plain one");
}
