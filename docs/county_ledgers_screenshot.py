"""Screenshots of the county 台账 page: ``xvfb-run -a python docs/county_ledgers_screenshot.py [en]``.

A throw-away county profile (synthetic data only: two demo villages, and two people sharing
an ID number so that the national checks find something) and a GBK ledger of a village
whose 成员名字 column maps to 姓名, with two refused rows and a 合计 line. Saved as
``docs/county-ledgers.png`` (the page), ``county-ledgers-file.png`` (step 1, with the
village new households go to), ``county-ledgers-mapping.png`` (step 2),
``county-ledgers-dryrun.png`` (step 3) and ``county-ledgers-export.png`` (the national
export with its findings and 仍然导出); ``-en`` with ``en``.
"""

from __future__ import annotations

import csv
import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget
from shots import use_language

from desktop.background import BackgroundRunner
from desktop.county.ledgers import ImportWizard, LedgersPage
from desktop.county.ledgers_export import ExportDialog
from registry import accounts
from registry.demo import load_demo
from registry.idnumber import id_check_char
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Create, Store

DOCS = Path(__file__).resolve().parent
COUNTY = "361130"
VILLAGES = ("361130104201", "361130104202")
TODAY = date(2026, 11, 22)
HEADERS = ["序号", "户编号", "成员名字", "身份证号", "性别", "与户主关系", "劳动技能", "务工所在地",
           "务工时间（月）", "月收入", "联系电话", "备注"]
PEOPLE = [  # (户编号, name, birth, seq, sex, relation, labour, place, months, income, phone)
    ("H0301", "胡永强", "19710214", "113", "男", "户主", "普通劳动力", "省外", 10, 4800, "13807931201"),
    ("H0301", "程春兰", "19730502", "224", "女", "配偶", "普通劳动力", "县内", 6, 2100, ""),
    ("H0301", "胡小军", "19990817", "335", "男", "之子", "技能劳动力", "省内县外", 12, 5600, ""),
    ("H0302", "汪德福", "19620330", "417", "男", "户主", "弱劳动力或半劳动力", "", "", "", ""),
    ("H0302", "俞桂香", "19650919", "528", "女", "配偶", "普通劳动力", "县内", 8, -300, ""),
    ("H0303", "詹国平", "19800611", "639", "男", "户主", "普通劳动力", "省外", 11, 5200, "13979301234"),
    ("H0303", "江美华", "19821225", "742", "女", "配偶", "普通劳动力", "县内", 9, 2300, ""),
    ("H0304", "戴建明", "19760104", "853", "男", "户主", "技能劳动力", "省外", 12, 6100, ""),
]


def synthetic_id(birth: str, seq: str) -> str:
    first17 = VILLAGES[0][:6] + birth + seq
    return first17 + id_check_char(first17)


def write_ledger(path: Path) -> Path:
    """The village's ledger in GBK: row 6 has a negative income, row 8 a bad check digit."""
    with open(path, "w", encoding="gbk", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        for number, (no, name, birth, seq, sex, rel, labour, place, months, income,
                     phone) in enumerate(PEOPLE, start=1):
            id_number = synthetic_id(birth, seq)
            if number == 7:
                id_number = id_number[:-1] + ("1" if id_number[-1] != "1" else "2")
            writer.writerow([number, no, name, id_number, sex, rel, labour, place, months,
                             income, phone, ""])
        writer.writerow(["合计", "", "", "", "", "", "", "", 58, 24100, "", ""])
    return path


def make_store(folder: Path) -> Store:
    """A county administrator's profile with two demo villages and a shared ID number."""
    profile = Profile(folder, today=lambda: TODAY)
    store = profile.create(user="xian_admin", passphrase="Xian-Admin-2026", scope=COUNTY,
                           kdf=KdfParams.fast(), role=accounts.COUNTY_ADMIN)
    for seed, village in enumerate(VILLAGES, start=1):
        load_demo(store, people=60, seed=seed, village=village, today=TODAY)
    number = synthetic_id("19880707", "961")
    homes = [store.find("household", scope=village)[0] for village in VILLAGES]
    store.write([Create("person", {"name": "潘立新", "id_number": number, "sex": "男",
                                   "birth_date": "1988-07-07", "relation": "其他",
                                   "household_id": home.id}, scope=home.scope)
                 for home in homes])
    return store


def settle(app: QApplication, runner: BackgroundRunner, rounds: int = 40) -> None:
    for _ in range(rounds):
        app.processEvents()
        runner.wait()


def save(app: QApplication, runner: BackgroundRunner, widget: QWidget, name: str) -> None:
    settle(app, runner)
    widget.grab().save(str(DOCS / name))


def main() -> int:
    language = sys.argv[1] if len(sys.argv) > 1 else "zh_CN"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setProperty("bangfu_language", language)
    use_language(app, language)
    suffix = "" if language.startswith("zh") else f"-{language}"
    with tempfile.TemporaryDirectory() as folder:
        store = make_store(Path(folder) / "profile")
        runner = BackgroundRunner(store, app)
        page = LedgersPage(runner)
        page.resize(900, 520)
        page.show()
        save(app, runner, page, f"county-ledgers{suffix}.png")

        wizard = ImportWizard(runner)
        wizard.resize(940, 620)
        wizard.show()
        settle(app, runner)
        file_page = wizard.file_page
        file_page.village.setCurrentIndex(file_page.village.findData(VILLAGES[0]))  # by name
        wizard.file_page.load(write_ledger(Path(folder) / "浮溪村2026年11月台账.csv"))
        save(app, runner, wizard, f"county-ledgers-file{suffix}.png")
        wizard.next()
        wizard.mapping_page.choose(2, "name")
        save(app, runner, wizard, f"county-ledgers-mapping{suffix}.png")
        wizard.next()
        save(app, runner, wizard, f"county-ledgers-dryrun{suffix}.png")
        wizard.close()

        dialog = ExportDialog(runner, kind="national-persons", today=TODAY)
        dialog.show()
        settle(app, runner)
        dialog.export_to(Path(folder) / "national.xlsx")
        save(app, runner, dialog, f"county-ledgers-export{suffix}.png")
        for widget in (dialog, wizard, page):  # before the store and the app go
            widget.close()
            widget.deleteLater()
        settle(app, runner)
        runner.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
