"""Round trip: import a ledger, export the village monthly ledger and the national export with
``bangfu-ledger export``, read both back with openpyxl: same people, IDs as text, 18 characters."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from ledger_import_data import person_rows, run, write_csv

from registry.profile import Profile
from registry.store import Store


def read_back(path: Path, header: str) -> tuple[list[str], list[str]]:
    """(names, IDs) of an exported sheet: the row holding ``header`` is the header row."""
    rows = list(openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True))
    top = next(i for i, row in enumerate(rows) if header in row)
    name_at, id_at = rows[top].index("姓名"), rows[top].index(header)
    data = [row for row in rows[top + 1:] if row[name_at]]
    return [row[name_at] for row in data], [row[id_at] for row in data]


def test_import_then_export_gives_back_the_same_people(profile: Profile, store: Store,
                                                       tmp_path: Path) -> None:
    store.close()
    ledger = write_csv(tmp_path / "ledger.csv", person_rows(), encoding="gb18030")
    common = ["--profile", str(profile.folder), "--user", "secretary"]
    done = run("import", str(ledger), *common, "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["committed"] is True
    wanted_names = sorted(r[2] for r in person_rows())
    wanted_ids = sorted(r[3] for r in person_rows())
    for kind, header in (("village-monthly", "身份证号码"), ("national-persons", "证件号码")):
        out = tmp_path / f"{kind}.xlsx"
        result = run("export", kind, *common, "--out", str(out), "--unmasked", "--export-anyway")
        assert result.returncode == 0, result.stderr
        names, ids = read_back(out, header)
        assert sorted(names) == wanted_names, kind
        assert sorted(ids) == wanted_ids, kind
        assert all(isinstance(i, str) and len(i) == 18 for i in ids), kind
    masked = run("export", "national-persons", *common, "--out", str(tmp_path / "m.xlsx"),
                 "--export-anyway")
    assert masked.returncode == 0
    _, ids = read_back(tmp_path / "m.xlsx", "证件号码")
    assert all("*" in i for i in ids) and not set(ids) & set(wanted_ids)
