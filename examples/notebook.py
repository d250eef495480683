# %% [markdown]
# # orbitkg from Python
#
# `notebook.ipynb` and `notebook.py` are the same code: the script marks cells
# with `# %%`, and `python examples/make_notebook.py` writes the notebook from it
# (edit the script, not the notebook). It:
#
# 1. builds the seeds dump with `orbitkg`, or loads the one named by `ORBITKG_DUMP`;
# 2. reads it with rdflib and with pyoxigraph, with no option: the default graph
#    is the knowledge graph, each fact once, so both count the same;
# 3. runs every query in `queries/` into a pandas DataFrame;
# 4. draws who takes part in which program (networkx + matplotlib) into a PNG.
#
# Environment: `ORBITKG_DUMP` (a TriG dump; built there when missing),
# `ORBITKG_BIN` (the `orbitkg` binary; default `cargo run`), `ORBITKG_PNG`
# (default `examples/agency-programs.png`), `ORBITKG_REPO` (the repository;
# default: found from here). It stops with an error if any query returns no
# rows or the picture is not written.

# %%
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import matplotlib

if "ipykernel" not in sys.modules:
    matplotlib.use("Agg")  # no display needed when run as a script
import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
import pyoxigraph
import rdflib


def find_repo():
    """The orbitkg checkout: ORBITKG_REPO, or the first folder upwards with queries/ and Cargo.toml."""
    if os.environ.get("ORBITKG_REPO"):
        return Path(os.environ["ORBITKG_REPO"]).resolve()
    here = Path(globals().get("__file__", Path.cwd() / "notebook")).resolve().parent
    for d in [here, *here.parents]:
        if (d / "queries").is_dir() and (d / "Cargo.toml").is_file():
            return d
    raise RuntimeError("cannot find the orbitkg repository: set ORBITKG_REPO")


def check(ok, message):
    """Stops the notebook (or the script, with a non-zero exit) when something is wrong."""
    if not ok:
        raise RuntimeError(message)


REPO = find_repo()
print("repository:", REPO)

# %% [markdown]
# ## The dump
#
# `orbitkg build seeds --out seeds.trig` extracts the seed articles. The
# default graph holds the knowledge graph (each fact once, with its evidence
# sentences); one named graph per article holds what that article states.

# %%
def orbitkg_command():
    binary = os.environ.get("ORBITKG_BIN")
    if binary:
        # A path relative to where we were started, not to the repository.
        return [str(Path(binary).resolve()) if os.sep in binary else binary]
    return ["cargo", "run", "--quiet", "-p", "orbitkg", "--"]


DUMP = Path(os.environ["ORBITKG_DUMP"]) if os.environ.get("ORBITKG_DUMP") else Path(tempfile.mkdtemp()) / "seeds.trig"
if not DUMP.exists():
    cmd = orbitkg_command() + ["build", "seeds", "--out", str(DUMP.resolve()), "--quiet"]
    print("running:", " ".join(cmd))
    subprocess.run(cmd, cwd=REPO, check=True)
check(DUMP.stat().st_size > 0, f"{DUMP} is empty")
print(f"dump: {DUMP} ({DUMP.stat().st_size:,} bytes)")

# %% [markdown]
# ## rdflib
#
# A plain `Dataset()`: queries read its default graph, the knowledge graph.
# (No `default_union=True`: the union would add the article graphs' copies.)

# %%
ds = rdflib.Dataset()
ds.parse(str(DUMP), format="trig")
all_graphs = ds.graphs() if hasattr(ds, "graphs") else ds.contexts()  # renamed in rdflib 7.5
graphs = [g for g in all_graphs if len(g) > 0 and g.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID]
default = ds.default_graph if hasattr(ds, "default_graph") else ds.default_context  # renamed in rdflib 7.5
print(f"rdflib: {len(default)} triples in the default graph, {len(graphs)} article graphs")

agencies_programs = (REPO / "queries" / "agencies-programs.rq").read_text()
rdflib_rows = [tuple(str(v) if v is not None else None for v in row) for row in ds.query(agencies_programs)]
print(f"queries/agencies-programs.rq with rdflib: {len(rdflib_rows)} rows")
check(rdflib_rows, "rdflib found no agency taking part in a program")

# %% [markdown]
# ## pyoxigraph
#
# `Store.load(..., format=RdfFormat.TRIG)`, then every query as it is.

# %%
store = pyoxigraph.Store()
store.load(path=str(DUMP), format=pyoxigraph.RdfFormat.TRIG)
print(f"pyoxigraph: {len(store)} quads")


def term_value(term):
    """A term as a Python value: IRIs and literals as their text, unbound as None."""
    if term is None:
        return None
    return term.value


def select(sparql):
    """Runs a SELECT over the default graph; a DataFrame, one column per variable."""
    solutions = store.query(sparql)
    columns = [v.value for v in solutions.variables]
    rows = [[term_value(s[c]) for c in columns] for s in solutions]
    return pd.DataFrame(rows, columns=columns)


oxigraph_rows = {tuple(r) for r in select(agencies_programs).itertuples(index=False)}
check(oxigraph_rows == set(rdflib_rows), "rdflib and pyoxigraph disagree on agencies-programs.rq")
print("rdflib and pyoxigraph agree on agencies-programs.rq")

# Counts agree too: each space agency and its label once.
COUNT = "SELECT (COUNT(*) AS ?n) { ?s a <https://orbitkg.org/ns#SpaceAgency> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
n_rdflib = int(next(iter(ds.query(COUNT)))[0])
n_oxigraph = int(select(COUNT)["n"][0])
check(n_rdflib == n_oxigraph, f"rdflib counts {n_rdflib} agencies, pyoxigraph {n_oxigraph}")
print(f"space agencies: {n_rdflib} in both")

# %% [markdown]
# ## Every query in `queries/`

# %%
tables = {}
for path in sorted((REPO / "queries").glob("*.rq")):
    df = select(path.read_text())
    tables[path.stem] = df
    print(f"\n== {path.name}: {df.shape[0]} rows x {df.shape[1]} columns")
    with pd.option_context("display.width", 160, "display.max_columns", 10, "display.max_colwidth", 40):
        print(df.head())
empty = [name for name, df in tables.items() if df.empty]
check(tables, "no queries found in queries/")
check(not empty, f"queries with no rows: {', '.join(empty)}")

# %% [markdown]
# ## Who takes part in which program
#
# Every `okg:participatesIn` edge, from an organisation or country to a
# program; nodes coloured by class.

# %%
edges = select(
    """
PREFIX okg:  <https://orbitkg.org/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?who ?class ?program
WHERE {
  ?a okg:participatesIn ?p ; rdfs:label ?who ; a ?c .
  ?p rdfs:label ?program .
  FILTER (STRSTARTS(STR(?c), STR(okg:)))
  BIND (STRAFTER(STR(?c), STR(okg:)) AS ?class)
}
ORDER BY ?who ?program
"""
)
check(not edges.empty, "no okg:participatesIn edges")
G = nx.Graph()
for who, cls, program in edges[["who", "class", "program"]].itertuples(index=False, name=None):
    G.add_node(who, cls=cls)
    G.add_node(program, cls="Program")
    G.add_edge(who, program)

palette = {
    "SpaceAgency": "#d62728",
    "Country": "#1f77b4",
    "GovernmentBody": "#9467bd",
    "InternationalOrganization": "#8c564b",
    "ResearchInstitute": "#e377c2",
    "Company": "#7f7f7f",
    "Program": "#2ca02c",
}
classes = sorted({d["cls"] for _, d in G.nodes(data=True)}, key=lambda c: (c == "Program", c))
colours = [palette.get(G.nodes[n]["cls"], "#bcbd22") for n in G.nodes]
sizes = [250 + 150 * G.degree(n) for n in G.nodes]  # bigger nodes take part in more
print(f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges, classes: {', '.join(classes)}")

# %%
PNG = Path(os.environ.get("ORBITKG_PNG") or REPO / "examples" / "agency-programs.png")
fig, ax = plt.subplots(figsize=(16, 11))
pos = nx.spring_layout(G, k=1.6 / G.number_of_nodes() ** 0.5, iterations=300, seed=7)  # fixed seed: the same picture every run
nx.draw_networkx_edges(G, pos, ax=ax, edge_color="#999999", width=1.2, alpha=0.8)
nx.draw_networkx_nodes(G, pos, ax=ax, node_color=colours, node_size=sizes, linewidths=0.8, edgecolors="white")
# Labels just under their nodes, on a light box, so that neither hides the other.
label_pos = {n: (x, y - 0.035) for n, (x, y) in pos.items()}
nx.draw_networkx_labels(
    G,
    label_pos,
    ax=ax,
    font_size=10,
    verticalalignment="top",
    bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.75},
)
for c in classes:
    ax.scatter([], [], color=palette.get(c, "#bcbd22"), s=120, label=c)
ax.legend(title="class", loc="lower left", frameon=True, fontsize=10, title_fontsize=11)
ax.set_title("Who takes part in which program (okg:participatesIn, seeds)", fontsize=14)
ax.margins(0.08)
ax.axis("off")
fig.tight_layout()
PNG.parent.mkdir(parents=True, exist_ok=True)
fig.savefig(PNG, dpi=120)
if "ipykernel" in sys.modules:
    plt.show()  # in Jupyter, also show it below the cell
else:
    plt.close(fig)
check(PNG.exists() and PNG.stat().st_size > 0, f"{PNG} was not written")
print(f"wrote {PNG} ({PNG.stat().st_size:,} bytes)")
