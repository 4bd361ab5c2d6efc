"""Write a synthetic demo profile: ``python -m registry.demo --data DIR --people N --passphrase P``.

Everything in it is made up (see ``registry.demo_data``); ID numbers are valid
but belong to nobody real. The profile is a normal encrypted profile.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from registry.demo_data import HouseholdRecord, generate_village
from registry.errors import BangfuError
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Create, Op, Store
from sync.protocol import new_id

DEMO_USER = "demo"
DEMO_VILLAGE = "361130104201"  # a village of 婺源县 (Wuyuan, Jiangxi), NBS 2023 codes
BATCH_PEOPLE = 2000

Progress = Callable[[int, int], None]


def household_ops(households: list[HouseholdRecord], *, scope: str) -> Iterator[Op]:
    """Store operations creating each household and then its members."""
    for household in households:
        hid = new_id()
        yield Create("household", household.props, scope=scope, entity_id=hid)
        for member in household.members:
            yield Create("person", {**member.props, "household_id": hid}, scope=scope)


def load_demo(store: Store, *, people: int, seed: int = 1, village: str = DEMO_VILLAGE,
              today: date | None = None, progress: Progress | None = None) -> int:
    """Write ``people`` synthetic people (in households) through the journaled path."""
    households = generate_village(seed=seed, people=people, village_code=village,
                                  today=today or date.today())
    done, batch, batch_people = 0, [], 0
    for household in households:
        batch.append(household)
        batch_people += len(household.members)
        if batch_people >= BATCH_PEOPLE:
            done += _write_batch(store, batch, village)
            batch, batch_people = [], 0
            if progress:
                progress(done, people)
    done += _write_batch(store, batch, village)
    if progress:
        progress(done, people)
    return done


def _write_batch(store: Store, batch: list[HouseholdRecord], village: str) -> int:
    if batch:
        store.write(household_ops(batch, scope=village))
    return sum(len(h.members) for h in batch)


def create_demo_profile(folder: Path, *, people: int, passphrase: str,
                        kdf: KdfParams | None = None, progress: Progress | None = None,
                        today: date | None = None) -> None:
    """Create an encrypted demo profile in ``folder`` for user ``demo`` (its people as of
    ``today``, by default the real date)."""
    store = Profile(folder).create(user=DEMO_USER, passphrase=passphrase, scope=DEMO_VILLAGE,
                                   kdf=kdf)
    try:
        load_demo(store, people=people, progress=progress, today=today)
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m registry.demo", description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="profile folder to create")
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--passphrase", required=True)
    args = parser.parse_args(argv)
    if Profile(args.data).exists():
        print(f"已存在演示档案 / profile exists: {args.data}", file=sys.stderr)
        return 1
    try:
        create_demo_profile(args.data, people=args.people, passphrase=args.passphrase,
                            progress=lambda d, t: print(f"\r{d}/{t}", end="", file=sys.stderr))
    except BangfuError as exc:
        print(f"\n{exc.message_zh} / {exc.message_en}", file=sys.stderr)
        return 1
    print(f"\n演示档案已创建 / demo profile created: {args.data} (user {DEMO_USER})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
