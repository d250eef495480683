//! orbitkg-graph (being written).
