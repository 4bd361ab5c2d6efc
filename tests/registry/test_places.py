"""Place names: the vendored NBS 2023 edition, short and full names, unknown codes, and a
county's local overrides (journaled through Store.write, refused whole when wrong)."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bangfu_testdata import PASSPHRASE, TODAY

from registry.errors import ValidationError
from registry.keyslots import KdfParams
from registry.places import (
    DIVISIONS,
    PLACE_NAME_LIST,
    PlaceNames,
    canonical_code,
    clear_place_name,
    edition_names,
    full_name,
    overrides_of,
    place_name,
    places_of,
    set_place_name,
    short_name,
)
from registry.profile import Profile

COUNTY = "361130"  # 婺源县
VILLAGE = "361130104201"  # 思口镇思溪村委会
NEIGHBOUR = "361130104202"  # 思口镇高枧村委会
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def county(tmp_path: Path):
    store = Profile(tmp_path / "county", today=lambda: TODAY).create(
        user="officer", passphrase=PASSPHRASE, scope=COUNTY, kdf=KdfParams.fast())
    yield store
    store.close()


def test_the_vendored_edition_covers_three_provinces_at_every_level_and_stays_small() -> None:
    names = edition_names()
    assert {code[:2] for code in names} == {"36", "52", "53"}
    by_level = {n: sum(1 for c in names if len(c) == n) for n in (2, 4, 6, 9, 12)}
    assert by_level[2] == 3 and by_level[12] == 22_080 + 17_964 + 14_888  # RESEARCH.md counts
    assert sum(1 for c in names if c.startswith(COUNTY) and len(c) == 12) == 212
    assert sum(1 for c in names if c.startswith("533422") and len(c) == 12) == 49
    assert DIVISIONS.stat().st_size < 600_000
    assert gzip.decompress(DIVISIONS.read_bytes()).startswith(b"code,name\n")
    assert (DIVISIONS.parent / "LICENSE").exists()
    assert "2023" in (DIVISIONS.parent / "SOURCE.txt").read_text(encoding="utf-8")


def test_short_names_of_villages_townships_and_counties() -> None:
    assert place_name(VILLAGE) == "思口镇思溪村"
    assert full_name(VILLAGE) == "婺源县思口镇思溪村"
    assert place_name("361130104001") == "思口镇云丘社区"
    assert place_name("361130104") == place_name("361130104000") == "思口镇"
    assert full_name("361130104000") == "婺源县思口镇"
    assert place_name(COUNTY) == place_name("361130000000") == "婺源县"
    assert place_name("533422") == "德钦县"
    assert full_name("3611") == "江西省上饶市"
    assert place_name("36") == full_name("36") == "江西省"


@pytest.mark.parametrize(("official", "short"), [
    ("思溪村委会", "思溪村"), ("王村村民委员会", "王村"), ("高枧村民委员会", "高枧村"),
    ("云丘社区居委会", "云丘社区"), ("城关社区居民委员会", "城关社区"),
    ("城关居民委员会", "城关居委会"), ("某某生活区", "某某生活区"), ("村委会", "村委会")])
def test_official_committee_names_are_shortened(official: str, short: str) -> None:
    assert short_name(official) == short


@pytest.mark.parametrize("code", ["361130104299", "999999999999", "110101001001", "12",
                                  "36113010420", "abc", "", "３６１１３０"])
def test_an_unknown_or_malformed_code_is_shown_as_itself(code: str) -> None:
    assert place_name(code) == full_name(code) == PlaceNames().label(code) == code


def test_codes_are_read_at_their_own_level() -> None:
    assert canonical_code("361130000000") == COUNTY
    assert canonical_code(" 361130104201 ") == VILLAGE
    assert canonical_code("36113") is None and canonical_code(None) is None


def test_an_override_wins_at_its_level_and_flows_into_the_names_below() -> None:
    places = PlaceNames({VILLAGE: "思溪新村", "361130104000": "思口乡"})
    assert places.name(VILLAGE) == "思口乡思溪新村"
    assert places.full(VILLAGE) == "婺源县思口乡思溪新村"
    assert places.name(NEIGHBOUR) == "思口乡高枧村"
    assert places.label(VILLAGE) == f"思口乡思溪新村（{VILLAGE}）"
    # a new village the edition does not know yet gets its name from the override
    assert place_name("361130104299", overrides={"361130104299": "新建村"}) == "思口镇新建村"
    assert place_name(VILLAGE) == "思口镇思溪村"  # the edition itself is untouched


def test_a_county_renames_a_village_in_one_journaled_write(county) -> None:
    assert overrides_of(county) == {}
    changes = set_place_name(county, VILLAGE, " 思溪新村 ")
    assert PLACE_NAME_LIST in changes.lists and changes.created
    (entity,) = county.find(PLACE_NAME_LIST)
    assert entity.props == {"code": VILLAGE, "name": "思溪新村"} and entity.scope == COUNTY
    assert [c.prop for c in county.journal(entity_id=entity.id)] == ["code", "name"]
    assert places_of(county).name(VILLAGE) == "思口镇思溪新村"

    set_place_name(county, VILLAGE.ljust(12, "0"), "思溪村（并入高枧村）")  # same entity
    assert len(county.find(PLACE_NAME_LIST)) == 1
    assert places_of(county).full(VILLAGE) == "婺源县思口镇思溪村（并入高枧村）"

    assert clear_place_name(county, VILLAGE).deleted == (entity.id,)
    assert places_of(county).name(VILLAGE) == "思口镇思溪村"
    assert not clear_place_name(county, VILLAGE)  # nothing left: no change


@pytest.mark.parametrize(("code", "name", "field", "words"), [
    ("3611301042", "新村", "place_name.code", "2、4、6、9 或 12 位数字"),
    ("533422100200", "新村", "place_name.code", "不在本档案的辖区内"),
    (VILLAGE, "   ", "place_name.name", "不能为空"),
    (VILLAGE, "新\n村", "place_name.name", "可打印文字"),
    (VILLAGE, "村" * 41, "place_name.name", "不超过 40 个字")])
def test_a_wrong_override_is_refused_naming_the_field_and_changes_nothing(
        county, code: str, name: str, field: str, words: str) -> None:
    before = len(county.journal())
    with pytest.raises(ValidationError) as caught:
        set_place_name(county, code, name)
    assert caught.value.field == field and words in caught.value.message_zh
    assert len(county.journal()) == before and county.find(PLACE_NAME_LIST) == []


def test_a_village_profile_may_not_rename_places(store) -> None:
    with pytest.raises(ValidationError, match="只有县级"):
        set_place_name(store, store.default_scope, "新村")
    assert store.find(PLACE_NAME_LIST) == []


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BANGFU_PASSPHRASE": PASSPHRASE}
    return subprocess.run([sys.executable, "-m", "registry.places_cli", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=120)


def test_the_cli_names_codes_and_keeps_a_county_rename(tmp_path: Path) -> None:
    shown = _cli("name", VILLAGE, "999")
    assert shown.returncode == 0
    assert shown.stdout.splitlines() == [f"{VILLAGE}\t思口镇思溪村\t婺源县思口镇思溪村",
                                         "999\t999\t999"]
    folder = tmp_path / "county"
    Profile(folder, today=lambda: TODAY).create(
        user="officer", passphrase=PASSPHRASE, scope=COUNTY, kdf=KdfParams.fast()).close()
    where = ("--profile", str(folder), "--user", "officer")
    done = _cli("set", *where, VILLAGE, "思溪新村")
    assert done.returncode == 0 and "思口镇思溪新村" in done.stdout
    assert _cli("list", *where).stdout.splitlines() == [
        f"{VILLAGE}\t思口镇思溪新村\t婺源县思口镇思溪新村"]
    refused = _cli("set", *where, "533422100200", "新村")
    assert refused.returncode == 1 and "不在本档案的辖区内（未作任何修改）" in refused.stderr
    assert _cli("clear", *where, VILLAGE).returncode == 0
    assert _cli("list", *where).stdout == ""
