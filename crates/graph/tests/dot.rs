//! DOT export: every picture must be valid DOT — checked in Rust by
//! graphviz-rust's parser everywhere, and rendered by the real GraphViz `dot`
//! where it is installed (required where the `CI` variable is set).

mod common;

use std::io::{ErrorKind, Write};
use std::process::{Command, Stdio};

use common::{projection_of, small};
use orbitkg_graph::{DotOptions, GraphError, to_dot};

/// Checks that `dot` is DOT: it must parse, and render to SVG with the
/// system `dot` when there is one; returns the SVG when it was rendered.
/// Without GraphViz the render is skipped with a note, except under CI,
/// which must have it.
fn check_dot(dot: &str) -> Option<String> {
    if let Err(e) = graphviz_rust::parse(dot) {
        panic!("not valid DOT: {e}\n{dot}");
    }
    let mut child = match Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == ErrorKind::NotFound && std::env::var_os("CI").is_none() => {
            eprintln!("skipped: rendering with GraphViz `dot`, which is not on PATH (the DOT syntax was checked)");
            return None;
        }
        Err(e) => panic!("GraphViz `dot` must be installed where CI is set (apt-get install graphviz): {e}"),
    };
    child.stdin.take().unwrap().write_all(dot.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success() && output.stderr.is_empty(),
        "dot rejected:\n{dot}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(String::from_utf8(output.stdout).unwrap())
}

/// The checker can fail: broken DOT is refused without GraphViz too.
#[test]
#[should_panic(expected = "not valid DOT")]
fn broken_dot_is_refused() {
    check_dot("digraph { a -> }");
}

fn node_count(dot: &str) -> usize {
    dot.lines().filter(|l| l.trim_start().starts_with('n') && l.contains("[label=") && !l.contains("->")).count()
}

#[test]
fn whole_graph_renders_with_clusters_and_legend() {
    let dot = to_dot(&small(), &DotOptions::default()).unwrap();
    assert_eq!(node_count(&dot), 14);
    assert!(dot.contains("subgraph cluster_legend"));
    assert!(dot.contains("label=\"Space agencies\""));
    if let Some(svg) = check_dot(&dot) {
        assert!(svg.contains(">NASA<") && svg.contains(">participatesIn<"));
    }
}

#[test]
fn symmetric_relations_are_one_double_headed_edge() {
    let dot = to_dot(&small(), &DotOptions::default()).unwrap();
    let cooperation: Vec<&str> = dot.lines().filter(|l| l.contains("\"cooperatesWith\"")).collect();
    assert_eq!(cooperation.len(), 2, "NASA-JAXA and NASA-KASA");
    assert!(cooperation.iter().all(|l| l.contains("dir=both")));
}

#[test]
fn edges_are_thicker_the_more_articles_assert_them() {
    let dot = to_dot(&small(), &DotOptions::default()).unwrap();
    assert_eq!(dot.matches("penwidth=1.00").count(), 20);
    assert_eq!(dot.matches("tooltip=\"2 article(s)\"").count(), 1);
    assert!(dot.contains("penwidth=2.04"));
}

#[test]
fn around_an_entity_draws_its_neighbourhood() {
    let p = small();
    let options = DotOptions { around: Some("KASA".into()), depth: 1, ..DotOptions::default() };
    let dot = to_dot(&p, &options).unwrap();
    assert_eq!(node_count(&dot), 5);
    assert!(dot.contains("penwidth=2.5"), "the centre stands out");
    check_dot(&dot);
    let two = to_dot(&p, &DotOptions { depth: 2, ..options }).unwrap();
    assert!(node_count(&two) > 5);
    check_dot(&two);
}

#[test]
fn class_and_property_filters_cut_the_picture() {
    let p = small();
    let dot =
        to_dot(&p, &DotOptions { classes: vec!["SpaceAgency".into(), "program".into()], ..DotOptions::default() })
            .unwrap();
    assert_eq!(node_count(&dot), 6);
    assert!(!dot.contains("\"leads\""));
    check_dot(&dot);

    let dot = to_dot(
        &p,
        &DotOptions {
            properties: vec!["okg:participatesIn".into()],
            cluster_by_class: false,
            legend: false,
            ..DotOptions::default()
        },
    )
    .unwrap();
    // Only the entities that participate or are participated in remain.
    assert_eq!(node_count(&dot), 5);
    assert_eq!(dot.matches("->").count(), 5);
    assert!(!dot.contains("cluster"));
    check_dot(&dot);
}

#[test]
fn bad_names_are_errors() {
    let p = small();
    let with = |options: DotOptions| to_dot(&p, &options).unwrap_err();
    assert!(matches!(
        with(DotOptions { around: Some("Artemis".into()), ..DotOptions::default() }),
        GraphError::AmbiguousEntity { .. }
    ));
    assert!(matches!(
        with(DotOptions { classes: vec!["Rocket".into()], ..DotOptions::default() }),
        GraphError::UnknownClass { .. }
    ));
    let err = with(DotOptions { properties: vec!["launched".into()], ..DotOptions::default() });
    assert!(err.to_string().contains("participatesIn"), "{err}");
}

#[test]
fn quotes_and_backslashes_in_labels_are_escaped() {
    let p = projection_of(
        r#"@prefix okg: <https://orbitkg.org/ns#> . @prefix id: <https://orbitkg.org/id/> .
           @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
           id:q a okg:Program ; rdfs:label "The \"Moon\" \\ Mars program\\"@en .
           id:r a okg:Company ; rdfs:label "Line\nbreak & <tag>"@en ; okg:participatesIn id:q ."#,
    );
    let dot = to_dot(&p, &DotOptions::default()).unwrap();
    assert!(dot.contains(r#"label="The \"Moon\" \\ Mars program\\""#), "{dot}");
    assert!(dot.contains(r#"label="Line\nbreak & <tag>""#), "{dot}");
    if let Some(svg) = check_dot(&dot) {
        assert!(svg.contains("The &quot;Moon&quot; \\ Mars program\\"), "{svg}");
        assert!(svg.contains("break &amp; &lt;tag&gt;"), "{svg}");
    }
}

#[test]
fn empty_store_is_an_empty_digraph() {
    let dot = to_dot(&projection_of(""), &DotOptions::default()).unwrap();
    assert_eq!(node_count(&dot), 0);
    check_dot(&dot);
}

/// Regression: on the seeds graph (90 entities, edges across every class
/// cluster), GraphViz 2.43 failed with "trouble in init_rank" until the
/// graph asked for `newrank=true`.
#[test]
fn many_cross_cluster_edges_render() {
    let classes = ["SpaceAgency", "Country", "Person", "Program", "Meeting", "Agreement", "Place"];
    let properties = ["participatesIn", "country", "memberOf", "participant", "signed"];
    let mut trig = String::from(
        "@prefix okg: <https://orbitkg.org/ns#> . @prefix id: <https://orbitkg.org/id/> .\n\
         @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n",
    );
    let n = 90;
    for i in 0..n {
        let class = classes[i % classes.len()];
        trig.push_str(&format!("id:e{i} a okg:{class} ; rdfs:label \"Entity {i}\"@en .\n"));
        for step in [1, 7, 13, 29] {
            let j = (i * 3 + step) % n;
            let property = properties[(i + step) % properties.len()];
            trig.push_str(&format!("id:e{i} okg:{property} id:e{j} .\n"));
        }
    }
    let dot = to_dot(&projection_of(&trig), &DotOptions::default()).unwrap();
    check_dot(&dot);
}

#[test]
fn isolated_entities_can_be_left_out() {
    let p = projection_of(
        r#"@prefix okg: <https://orbitkg.org/ns#> . @prefix id: <https://orbitkg.org/id/> .
           @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
           id:a a okg:SpaceAgency ; rdfs:label "A"@en ; okg:participatesIn id:p .
           id:p a okg:Program ; rdfs:label "P"@en .
           id:lonely a okg:Place ; rdfs:label "Lonely"@en ."#,
    );
    let all = to_dot(&p, &DotOptions::default()).unwrap();
    assert_eq!(node_count(&all), 3);
    let linked = to_dot(&p, &DotOptions { drop_isolated: true, ..DotOptions::default() }).unwrap();
    assert_eq!(node_count(&linked), 2, "{linked}");
    assert!(!linked.contains("Lonely"));
    check_dot(&linked);
}

/// Regression: `export dot --class Place` wrote an empty picture and
/// succeeded; places relate to meetings, not to each other.
#[test]
fn a_view_with_nothing_in_it_is_an_error() {
    let p = projection_of(
        r#"@prefix okg: <https://orbitkg.org/ns#> . @prefix id: <https://orbitkg.org/id/> .
           @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
           id:m a okg:Meeting ; rdfs:label "M"@en ; okg:location id:tokyo .
           id:tokyo a okg:Place ; rdfs:label "Tokyo"@en ."#,
    );
    let places = DotOptions { classes: vec!["Place".into()], drop_isolated: true, ..DotOptions::default() };
    let err = to_dot(&p, &places).unwrap_err();
    assert!(matches!(err, GraphError::NothingToDraw { entities: 2 }), "{err}");
    let kept = to_dot(&p, &DotOptions { drop_isolated: false, ..places }).unwrap();
    assert_eq!(node_count(&kept), 1);
    check_dot(&kept);
}
