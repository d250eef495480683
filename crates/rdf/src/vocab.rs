//! IRIs of the vocabulary.

use oxigraph::model::NamedNodeRef;

/// The `okg:` namespace.
pub const OKG: &str = "https://orbitkg.org/ns#";
/// The default base for entity IRIs.
pub const ID: &str = "https://orbitkg.org/id/";
/// Wikidata entities.
pub const WIKIDATA: &str = "http://www.wikidata.org/entity/";

macro_rules! iri {
    ($name:ident, $iri:expr) => {
        #[doc = concat!("`", $iri, "`")]
        pub const $name: NamedNodeRef<'static> = NamedNodeRef::new_unchecked($iri);
    };
}

iri!(RDF_TYPE, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
iri!(RDF_STATEMENT, "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement");
iri!(RDF_SUBJECT, "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject");
iri!(RDF_PREDICATE, "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate");
iri!(RDF_OBJECT, "http://www.w3.org/1999/02/22-rdf-syntax-ns#object");
iri!(RDFS_LABEL, "http://www.w3.org/2000/01/rdf-schema#label");
iri!(SKOS_PREF_LABEL, "http://www.w3.org/2004/02/skos/core#prefLabel");
iri!(SKOS_ALT_LABEL, "http://www.w3.org/2004/02/skos/core#altLabel");
iri!(OWL_SAME_AS, "http://www.w3.org/2002/07/owl#sameAs");
iri!(PROV_WAS_DERIVED_FROM, "http://www.w3.org/ns/prov#wasDerivedFrom");
iri!(DCTERMS_TITLE, "http://purl.org/dc/terms/title");
iri!(DCTERMS_SOURCE, "http://purl.org/dc/terms/source");
iri!(DCTERMS_DATE, "http://purl.org/dc/terms/date");
iri!(XSD_DATE, "http://www.w3.org/2001/XMLSchema#date");
iri!(XSD_G_YEAR_MONTH, "http://www.w3.org/2001/XMLSchema#gYearMonth");
iri!(XSD_G_YEAR, "http://www.w3.org/2001/XMLSchema#gYear");
iri!(XSD_DECIMAL, "http://www.w3.org/2001/XMLSchema#decimal");
iri!(OKG_DOCUMENT, "https://orbitkg.org/ns#Document");
iri!(OKG_SHA256, "https://orbitkg.org/ns#sha256");
iri!(OKG_TEXT, "https://orbitkg.org/ns#text");
iri!(OKG_SENTENCE, "https://orbitkg.org/ns#sentence");
iri!(OKG_START, "https://orbitkg.org/ns#start");
iri!(OKG_END, "https://orbitkg.org/ns#end");
iri!(OKG_RULE, "https://orbitkg.org/ns#rule");
iri!(OKG_CONFIDENCE, "https://orbitkg.org/ns#confidence");
iri!(OKG_TITLE, "https://orbitkg.org/ns#title");
iri!(OKG_DATE, "https://orbitkg.org/ns#date");
iri!(OKG_STATUS, "https://orbitkg.org/ns#status");

/// Prefixes used in Turtle/TriG dumps and query result tables.
pub const PREFIXES: &[(&str, &str)] = &[
    ("okg", OKG),
    ("id", ID),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("schema", "https://schema.org/"),
    ("wd", WIKIDATA),
];

/// [`PREFIXES`] with `id:` bound to `id_base`, the base a graph's entities
/// were built with (`orbitkg build --base`); see [`crate::KgStore::id_base`].
///
/// ```
/// let p = orbitkg_rdf::vocab::prefixes_for_base("https://example.org/kg/");
/// assert!(p.contains(&("id", "https://example.org/kg/".to_string())));
/// assert!(p.contains(&("okg", orbitkg_rdf::vocab::OKG.to_string())));
/// ```
pub fn prefixes_for_base(id_base: &str) -> Vec<(&'static str, String)> {
    PREFIXES.iter().map(|(p, iri)| (*p, if *p == "id" { id_base.to_string() } else { (*iri).to_string() })).collect()
}
