//! The few vocabulary terms the projection reads, and the class table.
//!
//! The class table (`data/classes.tsv`) says which leaf classes exist, which
//! super-class groups them ("Organization") and how each is drawn; extending
//! the ontology with a class means adding a line there.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use crate::GraphError;

/// The orbitkg class and property namespace.
pub const OKG: &str = "https://orbitkg.org/ns#";
pub(crate) const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
pub(crate) const RDF_STATEMENT: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement";
pub(crate) const RDF_SUBJECT: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject";
pub(crate) const RDF_PREDICATE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate";
pub(crate) const RDF_OBJECT: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#object";
pub(crate) const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
pub(crate) const SKOS_ALT_LABEL: &str = "http://www.w3.org/2004/02/skos/core#altLabel";
pub(crate) const OWL_SAME_AS: &str = "http://www.w3.org/2002/07/owl#sameAs";
pub(crate) const OWL_SYMMETRIC: &str = "http://www.w3.org/2002/07/owl#SymmetricProperty";
pub(crate) const PROV_DERIVED: &str = "http://www.w3.org/ns/prov#wasDerivedFrom";
pub(crate) const DCTERMS_TITLE: &str = "http://purl.org/dc/terms/title";

/// Local names of the okg classes that are not entities.
pub(crate) const NON_ENTITY_CLASSES: &[&str] = &["Document"];

/// Properties the vocabulary declares symmetric. A store that also holds the
/// ontology file may declare more with `owl:SymmetricProperty`; those are
/// honoured too.
pub(crate) const SYMMETRIC_PROPERTIES: &[&str] = &["cooperatesWith", "metWith"];

/// The relations of the vocabulary (object properties between entities).
pub const RELATIONS: &[&str] = &[
    "leads",
    "memberOf",
    "country",
    "participatesIn",
    "signed",
    "concerns",
    "cooperatesWith",
    "metWith",
    "participant",
    "location",
];

/// One line of the class table: a leaf class and how it is drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassStyle {
    /// Local name of the class, e.g. `SpaceAgency`.
    pub class: String,
    /// The super-class grouping it, e.g. `Organization`, if any.
    pub group: Option<String>,
    /// GraphViz node shape.
    pub shape: String,
    /// GraphViz fill colour.
    pub fillcolor: String,
    /// Plural title, used for the DOT cluster of the class.
    pub title: String,
}

/// The class table, parsed once from `data/classes.tsv`.
pub fn class_table() -> &'static [ClassStyle] {
    static TABLE: OnceLock<Vec<ClassStyle>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("../data/classes.tsv")
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .map(|line| {
                let cols: Vec<&str> = line.split('\t').collect();
                assert_eq!(cols.len(), 5, "classes.tsv: bad line {line:?}");
                ClassStyle {
                    class: cols[0].to_owned(),
                    group: (cols[1] != "-").then(|| cols[1].to_owned()),
                    shape: cols[2].to_owned(),
                    fillcolor: cols[3].to_owned(),
                    title: cols[4].to_owned(),
                }
            })
            .collect()
    })
}

/// The drawing style of a class, if the table knows it.
pub fn class_style(class: &str) -> Option<&'static ClassStyle> {
    class_table().iter().find(|c| c.class == class)
}

/// A set of leaf classes named by the user: a leaf class (`SpaceAgency`), a
/// group (`Organization`, the five organisation classes), or `Entity` (all).
///
/// Names are matched case-insensitively.
///
/// ```
/// use orbitkg_graph::ClassFilter;
/// let orgs = ClassFilter::parse("organization")?;
/// assert!(orgs.contains("SpaceAgency") && orgs.contains("Company"));
/// assert!(!orgs.contains("Country"));
/// assert!(ClassFilter::parse("Spaceship").is_err());
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassFilter {
    name: String,
    classes: BTreeSet<String>,
}

impl ClassFilter {
    /// Parses one class or group name.
    pub fn parse(name: &str) -> Result<Self, GraphError> {
        let table = class_table();
        let wanted = name.trim();
        if wanted.eq_ignore_ascii_case("Entity") {
            return Ok(Self { name: "Entity".to_owned(), classes: table.iter().map(|c| c.class.clone()).collect() });
        }
        if let Some(leaf) = table.iter().find(|c| c.class.eq_ignore_ascii_case(wanted)) {
            return Ok(Self { name: leaf.class.clone(), classes: BTreeSet::from([leaf.class.clone()]) });
        }
        let members: BTreeSet<String> = table
            .iter()
            .filter(|c| c.group.as_deref().is_some_and(|g| g.eq_ignore_ascii_case(wanted)))
            .map(|c| c.class.clone())
            .collect();
        if let Some(group) = table.iter().filter_map(|c| c.group.as_deref()).find(|g| g.eq_ignore_ascii_case(wanted)) {
            return Ok(Self { name: group.to_owned(), classes: members });
        }
        Err(GraphError::UnknownClass { name: name.to_owned(), known: Self::known_names() })
    }

    /// Parses several names into their union; an empty list means all classes.
    pub fn parse_all<S: AsRef<str>>(names: &[S]) -> Result<Self, GraphError> {
        if names.is_empty() {
            return Self::parse("Entity");
        }
        let mut union = Self { name: String::new(), classes: BTreeSet::new() };
        for name in names {
            let one = Self::parse(name.as_ref())?;
            if !union.name.is_empty() {
                union.name.push('+');
            }
            union.name.push_str(&one.name);
            union.classes.extend(one.classes);
        }
        Ok(union)
    }

    /// The canonical spelling of what was asked for (`SpaceAgency`,
    /// `Organization`, `Country+Program`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether an entity of this leaf class passes the filter.
    pub fn contains(&self, class: &str) -> bool {
        self.classes.contains(class)
    }

    /// The leaf classes in the filter.
    pub fn classes(&self) -> impl Iterator<Item = &str> {
        self.classes.iter().map(String::as_str)
    }

    /// Every name [`ClassFilter::parse`] accepts.
    pub fn known_names() -> Vec<String> {
        let table = class_table();
        let mut names: Vec<String> = table.iter().map(|c| c.class.clone()).collect();
        for group in table.iter().filter_map(|c| c.group.clone()) {
            if !names.contains(&group) {
                names.push(group);
            }
        }
        names.push("Entity".to_owned());
        names
    }
}

/// The local name of an IRI in the okg namespace, if it is one.
pub(crate) fn okg_local(iri: &str) -> Option<&str> {
    iri.strip_prefix(OKG).filter(|l| !l.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_table_covers_the_ontology() {
        let names: Vec<&str> = class_table().iter().map(|c| c.class.as_str()).collect();
        assert_eq!(names.len(), 11);
        for class in ["Person", "SpaceAgency", "Country", "Program", "Place"] {
            assert!(names.contains(&class), "{class}");
        }
    }

    #[test]
    fn organization_is_the_five_org_classes() {
        let orgs = ClassFilter::parse("Organization").unwrap();
        assert_eq!(
            orgs.classes().collect::<Vec<_>>(),
            ["Company", "GovernmentBody", "InternationalOrganization", "ResearchInstitute", "SpaceAgency"]
        );
    }

    #[test]
    fn unknown_class_lists_known_ones() {
        let err = ClassFilter::parse("Rocket").unwrap_err().to_string();
        assert!(err.contains("Rocket") && err.contains("SpaceAgency") && err.contains("Organization"));
    }

    #[test]
    fn parse_all_unions() {
        let f = ClassFilter::parse_all(&["country", "PROGRAM"]).unwrap();
        assert_eq!(f.name(), "Country+Program");
        assert!(f.contains("Country") && f.contains("Program") && !f.contains("Person"));
        assert!(ClassFilter::parse_all::<&str>(&[]).unwrap().contains("Person"));
    }
}
