#!/usr/bin/env python3
"""Writes notebook.ipynb from its plain twin notebook.py, so the two never drift.

    python examples/make_notebook.py            # rewrite examples/notebook.ipynb
    python examples/make_notebook.py --check    # exit 1 if it is out of date

Cells in notebook.py start at lines `# %%` (code) and `# %% [markdown]`
(markdown, each line commented with `# `). The notebook is nbformat 4, with
no outputs and no execution counts.
"""
import json
import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent


def cells(source):
    """(kind, text) for each cell of a percent-format script."""
    out = []
    kind, lines = None, []
    for line in source.splitlines():
        if line.startswith("# %%"):
            if kind is not None:
                out.append((kind, lines))
            kind, lines = ("markdown" if "[markdown]" in line else "code"), []
        elif kind is not None:
            lines.append(line)
    if kind is not None:
        out.append((kind, lines))
    result = []
    for kind, lines in out:
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        if kind == "markdown":
            lines = [l[2:] if l.startswith("# ") else l.lstrip("#") for l in lines]
        result.append((kind, "\n".join(lines)))
    return result


def notebook(source):
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for i, (kind, text) in enumerate(cells(source)):
        cell = nbformat.v4.new_markdown_cell(text) if kind == "markdown" else nbformat.v4.new_code_cell(text)
        cell.source = text.splitlines(keepends=True)  # one string per line, as Jupyter writes it
        cell.id = f"cell-{i:02d}"  # stable ids: regenerating gives the same file
        nb.cells.append(cell)
    nbformat.validate(nb)
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def main():
    text = notebook((HERE / "notebook.py").read_text())
    target = HERE / "notebook.ipynb"
    if "--check" in sys.argv[1:]:
        if not target.exists() or target.read_text() != text:
            print(f"{target} is out of date: run python examples/make_notebook.py", file=sys.stderr)
            return 1
        print(f"{target.name} matches notebook.py")
        return 0
    target.write_text(text)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
