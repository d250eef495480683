//! The analyses on the hand-made graph of `tests/data/small.trig`, checked
//! against the numbers networkx gives (`tests/data/expected/*.json`, made by
//! `tests/data/expected.py`).

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{expected, iri, local, projection_of, small};
use orbitkg_graph::{ClassFilter, Direction, GraphError, Measure};

const TOLERANCE: f64 = 1e-6;

#[test]
fn projection_has_every_entity_and_relation_once() {
    let p = small();
    let want = expected("centrality.json");
    assert_eq!(p.graph().node_count() as u64, want["nodes"].as_u64().unwrap());
    assert_eq!(p.undirected().edge_count() as u64, want["edges"].as_u64().unwrap());
    // 21 distinct facts: the symmetric ones (stored twice each) and the one
    // both articles assert count once.
    assert_eq!(p.graph().edge_count(), 21);
    assert_eq!(p.documents().len(), 2);
    assert_eq!(p.documents()[&iri("doc/aaa")].as_deref(), Some("NASA, JAXA sign Gateway deal"));
    let nasa = p.entity(p.node(&iri("nasa")).unwrap());
    assert_eq!(nasa.class, "SpaceAgency");
    assert_eq!(nasa.alt_labels, ["National Aeronautics and Space Administration"]);
    assert_eq!(nasa.same_as, ["http://www.wikidata.org/entity/Q23548"]);
}

#[test]
fn symmetric_relations_are_one_edge_with_evidence_from_either_direction() {
    let p = small();
    let (nasa, jaxa) = (p.node(&iri("nasa")).unwrap(), p.node(&iri("jaxa")).unwrap());
    let edges: Vec<_> = p
        .graph()
        .edges_connecting(jaxa, nasa)
        .chain(p.graph().edges_connecting(nasa, jaxa))
        .filter(|e| e.weight().property == "cooperatesWith")
        .collect();
    assert_eq!(edges.len(), 1);
    let relation = edges[0].weight();
    assert!(relation.symmetric);
    assert_eq!(relation.evidence.len(), 1);
    assert_eq!(relation.evidence[0].sentence, "JAXA has long cooperated with NASA.");
}

#[test]
fn edge_weight_counts_distinct_articles() {
    let p = small();
    let (nasa, gateway) = (p.node(&iri("nasa")).unwrap(), p.node(&iri("gateway")).unwrap());
    let edge = p.graph().edges_connecting(nasa, gateway).next().unwrap();
    let relation = edge.weight();
    assert_eq!(relation.property, "participatesIn");
    assert_eq!(relation.articles, [iri("doc/aaa"), iri("doc/bbb")]);
    assert_eq!(relation.weight(), 2);
    // Evidence is sorted by document, then offset.
    let docs: Vec<&str> = relation.evidence.iter().map(|e| local(&e.document)).collect();
    assert_eq!(docs, ["aaa", "bbb"]);
    assert_eq!(relation.evidence[0].start, Some(31));
    assert_eq!(relation.evidence[0].end, Some(77));
}

#[test]
fn centrality_matches_networkx() {
    let p = small();
    let want = expected("centrality.json");
    for (measure, key) in [
        (Measure::Degree, "degree"),
        (Measure::Betweenness, "betweenness"),
        (Measure::PageRank, "pagerank"),
        (Measure::Closeness, "closeness"),
    ] {
        let got = p.centrality(measure, None, None);
        assert_eq!(got.scores.len(), 14, "{measure}");
        let expected = want[key].as_object().unwrap();
        for score in &got.scores {
            let name = local(&score.entity.iri);
            let value = expected[name].as_f64().unwrap();
            assert!(
                (score.score - value).abs() < TOLERANCE,
                "{measure} of {name}: got {}, networkx {value}",
                score.score
            );
        }
        // Ranked highest first, ranks 1..=n.
        assert!(got.scores.windows(2).all(|w| w[0].score >= w[1].score));
        assert_eq!(got.scores.last().unwrap().rank, 14);
    }
}

#[test]
fn centrality_filters_by_class_after_scoring_and_cuts_to_top() {
    let p = small();
    let agencies = ClassFilter::parse("SpaceAgency").unwrap();
    let got = p.centrality(Measure::Betweenness, Some(&agencies), Some(2));
    assert_eq!(got.class, "SpaceAgency");
    let labels: Vec<&str> = got.scores.iter().map(|s| s.entity.label.as_str()).collect();
    assert_eq!(labels, ["NASA", "KASA"]);
    let all = p.centrality(Measure::Betweenness, None, None);
    let nasa = all.scores.iter().find(|s| s.entity.label == "NASA").unwrap();
    assert_eq!(got.scores[0].score, nasa.score);
    assert_eq!(got.scores[0].degree, 6);
}

#[test]
fn shortest_paths_match_networkx() {
    let p = small();
    for case in expected("paths.json").as_array().unwrap() {
        let (a, b) = (case["from"].as_str().unwrap(), case["to"].as_str().unwrap());
        let want: BTreeSet<Vec<String>> = case["paths"]
            .as_array()
            .unwrap()
            .iter()
            .map(|path| path.as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_owned()).collect())
            .collect();
        let got = p.path(&iri(a), &iri(b)).unwrap();
        let got_paths: BTreeSet<Vec<String>> = got
            .paths
            .iter()
            .map(|path| {
                let mut nodes = vec![local(&path.hops[0].from.iri).to_owned()];
                nodes.extend(path.hops.iter().map(|h| local(&h.to.iri).to_owned()));
                nodes
            })
            .collect();
        assert_eq!(got_paths, want, "{a} -> {b}");
        assert_eq!(got.length, Some(want.iter().next().unwrap().len() - 1));
    }
}

#[test]
fn path_hops_name_relation_direction_and_evidence() {
    let p = small();
    let got = p.path("Bill Nelson", "lunar gateway").unwrap();
    assert_eq!(got.length, Some(2));
    assert_eq!(got.paths.len(), 1);
    let hops = &got.paths[0].hops;
    assert_eq!((hops[0].property.as_str(), hops[0].direction), ("leads", Direction::Forward));
    assert_eq!(hops[0].evidence.as_ref().unwrap().sentence, "NASA Administrator Bill Nelson welcomed the deal.");
    assert_eq!((hops[1].property.as_str(), hops[1].articles), ("participatesIn", 2));

    let back = p.path("Gateway", "Bill Nelson").unwrap();
    assert_eq!(back.paths[0].hops[0].direction, Direction::Backward);

    let met = p.path("Nelson", "Yoon Young-bin").unwrap();
    let hop = &met.paths[0].hops[0];
    assert_eq!((hop.property.as_str(), hop.direction), ("metWith", Direction::Both));
    assert!(hop.evidence.as_ref().unwrap().sentence.starts_with("Nelson met"));
}

#[test]
fn path_between_unconnected_entities_is_empty() {
    let p = projection_of(
        r#"@prefix okg: <https://orbitkg.org/ns#> . @prefix id: <https://orbitkg.org/id/> .
           @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
           id:a a okg:Place ; rdfs:label "Moon"@en . id:b a okg:Place ; rdfs:label "Mars"@en ."#,
    );
    let got = p.path("Moon", "Mars").unwrap();
    assert_eq!((got.length, got.paths.len()), (None, 0));
}

#[test]
fn communities_are_one_of_networkx_louvain_partitions() {
    let p = small();
    let got = p.communities();
    let ours: BTreeSet<BTreeSet<String>> =
        got.clusters.iter().map(|c| c.members.iter().map(|m| local(&m.iri).to_owned()).collect()).collect();
    assert_eq!(got.clusters.iter().map(|c| c.members.len()).sum::<usize>(), 14);
    let partitions = expected("communities.json");
    let found = partitions.as_array().unwrap().iter().find(|partition| {
        let theirs: BTreeSet<BTreeSet<String>> = partition["communities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_array().unwrap().iter().map(|m| m.as_str().unwrap().to_owned()).collect())
            .collect();
        theirs == ours
    });
    let found = found.unwrap_or_else(|| panic!("networkx never finds {ours:?}"));
    let modularity = found["modularity"].as_f64().unwrap();
    assert!((got.modularity - modularity).abs() < TOLERANCE, "{} vs {modularity}", got.modularity);
    // Trying three visiting orders finds the best partition any seed finds.
    let best = partitions[0]["modularity"].as_f64().unwrap();
    assert!(got.modularity > best - TOLERANCE, "{} < {best}", got.modularity);
    // Largest first, numbered from 1.
    assert!(got.clusters.windows(2).all(|w| w[0].members.len() >= w[1].members.len()));
    assert_eq!(got.clusters[0].id, 1);
}

#[test]
fn communities_are_reproducible() {
    assert_eq!(small().communities(), small().communities());
}

#[test]
fn links_agencies_through_programs() {
    let p = small();
    let links = p.links(&ClassFilter::parse("SpaceAgency").unwrap(), &ClassFilter::parse("Program").unwrap());
    let pairs: Vec<(&str, &str, Vec<&str>, usize)> = links
        .pairs
        .iter()
        .map(|l| {
            let shared = l.shared.iter().map(|s| s.label.as_str()).collect();
            (l.a.label.as_str(), l.b.label.as_str(), shared, l.articles)
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("JAXA", "NASA", vec!["Artemis program", "Gateway"], 2),
            ("ESA", "JAXA", vec!["Gateway"], 2),
            ("ESA", "NASA", vec!["Gateway"], 2),
        ]
    );
    let rows: Vec<&str> = links.incidence.rows.iter().map(|e| e.label.as_str()).collect();
    let columns: Vec<&str> = links.incidence.columns.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(rows, ["ESA", "JAXA", "NASA"]);
    assert_eq!(columns, ["Artemis program", "Gateway"]);
    assert_eq!(links.incidence.cells, [vec![0, 1], vec![1, 1], vec![1, 2]]);
}

#[test]
fn links_accept_groups() {
    let p = small();
    let links = p.links(&ClassFilter::parse("Organization").unwrap(), &ClassFilter::parse("Country").unwrap());
    assert_eq!(links.from, "Organization");
    // NASA - United States, JAXA - Japan, KASA - South Korea: nothing shared.
    assert!(links.pairs.is_empty());
    assert_eq!(links.incidence.rows.len(), 3);
    let countries = p.links(&ClassFilter::parse("country").unwrap(), &ClassFilter::parse("agreement").unwrap());
    assert_eq!(countries.pairs.len(), 3);
}

#[test]
fn neighbors_are_the_ego_graph() {
    let p = small();
    let n = p.neighbors("kasa", 1).unwrap();
    let by_distance: BTreeMap<&str, usize> = n.nodes.iter().map(|x| (x.entity.label.as_str(), x.distance)).collect();
    assert_eq!(
        by_distance,
        BTreeMap::from([
            ("KASA", 0),
            ("NASA", 1),
            ("South Korea", 1),
            ("U.S.-ROK Civil Space Dialogue", 1),
            ("Yoon Young-bin", 1),
        ])
    );
    // The four relations of KASA, plus the dialogue's South Korea participant.
    assert_eq!(n.edges.len(), 4 + 1);
    assert!(p.neighbors("kasa", 0).unwrap().edges.is_empty());
    assert_eq!(p.neighbors("kasa", 9).unwrap().nodes.len(), 14);
}

#[test]
fn names_resolve_by_iri_label_then_alt_label_ignoring_case() {
    let p = small();
    let label = |name: &str| p.entity(p.resolve(name).unwrap()).label.clone();
    assert_eq!(label("nasa"), "NASA");
    assert_eq!(label("  Japan Aerospace Exploration Agency "), "JAXA");
    assert_eq!(label("rok"), "South Korea");
    assert_eq!(label(&iri("washington")), "Washington, D.C.");

    // A label wins over another entity's alt label.
    let p = projection_of(
        r#"@prefix okg: <https://orbitkg.org/ns#> . @prefix id: <https://orbitkg.org/id/> .
           @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
           @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
           id:moon a okg:Place ; rdfs:label "Moon"@en .
           id:luna a okg:Program ; rdfs:label "Luna programme"@en ; skos:altLabel "Moon"@en ."#,
    );
    assert_eq!(p.entity(p.resolve("MOON").unwrap()).iri, iri("moon"));
}

#[test]
fn ambiguous_name_lists_every_candidate_with_its_class() {
    let p = small();
    let err = p.resolve("artemis").unwrap_err();
    let GraphError::AmbiguousEntity { candidates, .. } = &err else {
        panic!("{err:?}");
    };
    let names: Vec<(&str, &str)> = candidates.iter().map(|c| (c.label.as_str(), c.class.as_str())).collect();
    assert_eq!(names, [("Artemis Accords", "Agreement"), ("Artemis program", "Program")]);
    let message = err.to_string();
    assert!(message.contains("Artemis Accords (Agreement"), "{message}");
    assert!(message.contains("Artemis program (Program"), "{message}");
}

/// Regression: `analyze neighbors Yoon` picked one of two Yoons because only
/// one of them had "Yoon" as an alt label.
#[test]
fn a_surname_shared_by_two_people_is_ambiguous() {
    let p = projection_of(
        r#"@prefix okg: <https://orbitkg.org/ns#> . @prefix id: <https://orbitkg.org/id/> .
           @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
           @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
           id:yoon-suk-yeol a okg:Person ; rdfs:label "Yoon Suk-yeol"@en ; skos:altLabel "Yoon"@en .
           id:yoon-young-bin a okg:Person ; rdfs:label "Yoon Young-bin"@en .
           id:kishida a okg:Person ; rdfs:label "Fumio Kishida"@en ; skos:altLabel "Kishida"@en ."#,
    );
    let err = p.resolve("Yoon").unwrap_err();
    let GraphError::AmbiguousEntity { candidates, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(candidates.len(), 2, "{err}");
    assert_eq!(p.entity(p.resolve("Kishida").unwrap()).label, "Fumio Kishida");
}

/// `id:jaxa` is accepted wherever an entity name is.
#[test]
fn prefixed_entity_names_resolve() {
    let p = small();
    assert_eq!(p.entity(p.resolve("id:nasa").unwrap()).label, "NASA");
    assert!(p.resolve("id:nothing-here").is_err());
}

#[test]
fn unknown_name_suggests_close_candidates() {
    let p = small();
    let err = p.path("Artemis Acord", "NASA").unwrap_err();
    let GraphError::UnknownEntity { candidates, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(candidates.len(), 2, "{err}");
    assert!(err.to_string().contains("did you mean"), "{err}");

    let err = p.neighbors("Korea", 1).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("South Korea (Country"), "{message}");
    assert!(message.contains("KASA (SpaceAgency"), "{message}");

    let err = p.resolve("Mars").unwrap_err().to_string();
    assert_eq!(err, "no entity is named \"Mars\"");
}

#[test]
fn results_serialize_to_json() {
    let p = small();
    let json = serde_json::to_value(p.centrality(Measure::PageRank, None, Some(1))).unwrap();
    assert_eq!(json["measure"], "pagerank");
    assert_eq!(json["scores"][0]["rank"], 1);
    let json = serde_json::to_value(p.path("NASA", "ESA").unwrap()).unwrap();
    assert_eq!(json["paths"][0]["hops"][0]["direction"], "forward");
}
